using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Dapper;
using Logistics.Server.Storage;
using Logistics.Server.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Logistics.Server.Tests.Capacity;

/// <summary>
/// The real server (role all: API plus Hangfire worker on the shared store) over a fresh database
/// with the test network loaded, small limits, and its own inbox folder swept every second.
/// </summary>
public sealed class CapacityHost : IAsyncLifetime
{
    public const long MaxBodyBytes = 4 * 1024 * 1024;
    public const int MaxParcels = 50_000;
    public const int MaxStoredErrors = 100;

    private WebApplication? _app;
    private Database? _db;

    public string ConnectionString { get; private set; } = "";
    public string Inbox { get; } = Path.Combine(Path.GetTempPath(), $"logistics-inbox-{Guid.NewGuid():N}");
    public NpgsqlDataSource Db => _db!.DataSource;
    public IServiceProvider Services => _app!.Services;
    public string Ops { get; private set; } = "";
    public string Sf { get; private set; } = "";
    public string Yto { get; private set; } = "";
    private Uri _base = new("http://127.0.0.1/");

    public async Task InitializeAsync()
    {
        ConnectionString = await TestCluster.CreateDatabaseAsync();
        _db = Database.ForConnectionString(ConnectionString);
        Directory.CreateDirectory(Inbox);
        _app = ServerApp.Build(_db, "http://127.0.0.1:0", "all",
            [$"--Capacity:MaxBodyBytes={MaxBodyBytes}", $"--Capacity:MaxParcels={MaxParcels}", $"--Capacity:MaxStoredErrors={MaxStoredErrors}",
             $"--Capacity:Inbox={Inbox}", "--Capacity:SweepSeconds=1"]);
        await _app.StartAsync();
        _base = new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        await using (var conn = await Db.OpenConnectionAsync())
        {
            Ops = await Logistics.Server.Auth.ApiKeyStore.CreateAsync(conn, "ops", null, false, CancellationToken.None);
        }
        var network = await Fixtures.UploadAsync(Client(Ops), "network", Fixtures.Network);
        Assert.Equal("accepted", network.GetProperty("status").GetString());
        await using (var conn = await Db.OpenConnectionAsync())
        {
            Sf = await Logistics.Server.Auth.ApiKeyStore.CreateAsync(conn, "carrier", "SF", false, CancellationToken.None);
            Yto = await Logistics.Server.Auth.ApiKeyStore.CreateAsync(conn, "carrier", "YTO", false, CancellationToken.None);
        }
    }

    public HttpClient Client(string? key = null)
    {
        var client = new HttpClient { BaseAddress = _base, Timeout = TimeSpan.FromMinutes(2) };
        if (key is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    public async Task<string> KeyAsync(string role, string? owner = null, bool readOnly = false)
    {
        await using var conn = await Db.OpenConnectionAsync();
        return await Logistics.Server.Auth.ApiKeyStore.CreateAsync(conn, role, owner, readOnly, CancellationToken.None);
    }

    /// <summary>POSTs a body, expects 202 and a Location, and returns the response's upload.</summary>
    public async Task<JsonElement> PostAsync(string key, byte[] body, string contentType = "text/csv", string? idempotencyKey = null)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/capacity/uploads") { Content = content };
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        using var response = await Client(key).SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{(int)response.StatusCode}: {text}");
        var upload = JsonDocument.Parse(text).RootElement.Clone();
        Assert.Equal($"/v1/capacity/uploads/{upload.GetProperty("id").GetString()}", response.Headers.Location!.ToString());
        return upload;
    }

    /// <summary>Polls the upload until the background job has accepted or rejected it (or the sweep gave up on it: failed).</summary>
    public async Task<JsonElement> WaitAsync(string key, string id, TimeSpan? timeout = null)
    {
        var until = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            var status = await Fixtures.GetJsonAsync(Client(key), $"/v1/capacity/uploads/{id}");
            if (status.GetProperty("status").GetString() is "accepted" or "rejected" or "failed") return status;
            Assert.True(DateTime.UtcNow < until, $"upload {id} still {status.GetProperty("status").GetString()}");
            await Task.Delay(50);
        }
    }

    public async Task<JsonElement> UploadAsync(string key, string csv, string? idempotencyKey = null) =>
        await UploadAsync(key, Encoding.UTF8.GetBytes(csv), "text/csv", idempotencyKey);

    public async Task<JsonElement> UploadAsync(string key, byte[] body, string contentType = "text/csv", string? idempotencyKey = null)
    {
        var posted = await PostAsync(key, body, contentType, idempotencyKey);
        return await WaitAsync(key, posted.GetProperty("id").GetString()!);
    }

    /// <summary>Everything capacity has ever stored: history rows and pending (staged) uploads.</summary>
    public async Task<string> FingerprintAsync()
    {
        await using var conn = await Db.OpenConnectionAsync();
        var history = await conn.ExecuteScalarAsync<string>("SELECT coalesce(string_agg(t::text, ';' ORDER BY t::text), '') FROM capacity_history t") ?? "";
        var staged = await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM pg_tables WHERE schemaname = 'staging' AND tablename LIKE 'capacity\\_%'");
        return $"{history}|staged={staged}";
    }

    /// <summary>How many rows an upload has waiting in its staging table; null when it has none.</summary>
    public async Task<long?> StagedRowsAsync(Guid upload)
    {
        await using var conn = await Db.OpenConnectionAsync();
        return await conn.ExecuteScalarAsync<bool>("SELECT to_regclass(@name) IS NOT NULL", new { name = $"staging.capacity_{upload:N}" })
            ? await conn.ExecuteScalarAsync<long>($"SELECT count(*) FROM staging.capacity_{upload:N}")
            : null;
    }

    public async Task DisposeAsync()
    {
        if (_app is not null) { await _app.StopAsync(); await _app.DisposeAsync(); }
        if (_db is not null) await _db.DisposeAsync();
        try { Directory.Delete(Inbox, recursive: true); } catch (IOException) { }
    }
}
