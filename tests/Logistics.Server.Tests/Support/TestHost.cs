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
public sealed class TestHost : IAsyncLifetime
{
    private WebApplication? _app;
    private Database? _db;

    public string ConnectionString { get; private set; } = "";
    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1/");
    public NpgsqlDataSource Db => _db!.DataSource;

    public async Task InitializeAsync()
    {
        ConnectionString = await TestCluster.CreateDatabaseAsync();
        _db = Database.ForConnectionString(ConnectionString);
        _app = ServerApp.Build(_db, "http://127.0.0.1:0");
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address);
    }

    public HttpClient Client(string? key = null)
    {
        var client = new HttpClient { BaseAddress = BaseAddress };
        if (key is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    /// <summary>Creates an API key the way `keys create` does.</summary>
    public async Task<string> KeyAsync(string role, string? owner = null, bool readOnly = false)
    {
        await using var conn = await Db.OpenConnectionAsync();
        return await Logistics.Server.Auth.ApiKeyStore.CreateAsync(conn, role, owner, readOnly, CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
        if (_db is not null) await _db.DisposeAsync();
    }
}
