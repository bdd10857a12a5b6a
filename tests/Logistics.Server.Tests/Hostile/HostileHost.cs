using System.Net.Http.Headers;
using Logistics.Server.Auth;
using Logistics.Server.Tests.Support;
using Npgsql;

namespace Logistics.Server.Tests.Hostile;

/// <summary>
/// `logistics serve` as a process of its own over a fresh database, so its resident memory is the
/// server's alone, with the small network, an ops key and a carrier key.
/// </summary>
public sealed class HostileHost : IAsyncLifetime
{
    public ServerProcess Server { get; private set; } = null!;
    public string ConnectionString { get; private set; } = "";
    public string OpsKey { get; private set; } = "";
    public string CarrierKey { get; private set; } = "";

    /// <summary>Resident memory once started and warmed up, in MiB.</summary>
    public double IdleMiB { get; private set; }

    public async Task InitializeAsync()
    {
        ConnectionString = await TestCluster.CreateDatabaseAsync();
        Server = new ServerProcess("hostile", ConnectionString, "all");
        await Server.WaitReadyAsync();
        await using (var conn = new NpgsqlConnection(ConnectionString))
        {
            await conn.OpenAsync();
            OpsKey = await ApiKeyStore.CreateAsync(conn, Roles.Ops, null, false, CancellationToken.None);
        }
        var ops = Client(OpsKey);
        await Fixtures.UploadAsync(ops, "network", Fixtures.Network);
        await Fixtures.UploadAsync(ops, "campaigns", Fixtures.Campaigns);
        await using (var conn = new NpgsqlConnection(ConnectionString))
        {
            await conn.OpenAsync();
            CarrierKey = await ApiKeyStore.CreateAsync(conn, Roles.Carrier, "SF", false, CancellationToken.None);
        }
        // Every upload path once, so what is measured later is the uploads, not first-call compilation.
        using var carrier = Client(CarrierKey);
        await Fixtures.UploadAsync(carrier, "capacity", "node,kind,start,hours,parcels\nSF-SH,sort,2026-11-11T00:00:00Z,1,100\n");
        await Task.Delay(500);
        IdleMiB = Server.MemoryMiB().Now;
    }

    public HttpClient Client(string? key = null)
    {
        var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{Server.Port}"), Timeout = TimeSpan.FromMinutes(2) };
        if (key is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    public async Task DisposeAsync() => await Server.DisposeAsync();
}
