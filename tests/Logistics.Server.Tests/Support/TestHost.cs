using System.Net.Http.Headers;
using Logistics.Server.Storage;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Logistics.Server.Tests.Support;

/// <summary>
/// The real server on a real loopback port over a fresh database: the fixture of a test class.
/// </summary>
public class TestHost : IAsyncLifetime
{
    private WebApplication? _app;
    private Database? _db;

    public string ConnectionString { get; private set; } = "";
    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1/");
    public NpgsqlDataSource Db => _db!.DataSource;
    public IServiceProvider Services => _app!.Services;

    public virtual async Task InitializeAsync()
    {
        ConnectionString = await TestCluster.CreateDatabaseAsync();
        _db = Database.ForConnectionString(ServerConnectionString(ConnectionString));
        _app = ServerApp.Build(_db, "http://127.0.0.1:0", Role, Arguments);
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address);
    }

    /// <summary>all (API and worker), api (schedules jobs, never runs them) or worker.</summary>
    protected virtual string Role => "all";

    /// <summary>Extra configuration for the host, as command-line arguments (`--Section:Key=value`).</summary>
    protected virtual string[] Arguments => [];

    /// <summary>The connection string the server uses; a subclass may route it through a proxy.</summary>
    protected virtual string ServerConnectionString(string direct) => direct;

    public HttpClient Client(string? key = null)
    {
        var client = new HttpClient { BaseAddress = BaseAddress };
        if (key is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    /// <summary>Creates an API key the way `keys create` does.</summary>
    public async Task<string> KeyAsync(string role, string? owner = null, bool readOnly = false)
    {
        await using var conn = await Npgsql.NpgsqlDataSource.Create(ConnectionString).OpenConnectionAsync();
        return await Logistics.Server.Auth.ApiKeyStore.CreateAsync(conn, role, owner, readOnly, CancellationToken.None);
    }

    public virtual async Task DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
        if (_db is not null) await _db.DisposeAsync();
    }
}
