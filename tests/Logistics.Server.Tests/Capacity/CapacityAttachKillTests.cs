using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Dapper;
using Logistics.Server.Auth;
using Logistics.Server.Tests.Support;
using Npgsql;

namespace Logistics.Server.Tests.Capacity;

/// <summary>
/// A real `serve` process killed with SIGKILL while its request's direct capacity load waits in
/// ATTACH PARTITION: the load's second half was committed by its own connection and is left in
/// staging, nothing of the upload is visible, and the next node to start drops that table at once
/// instead of the daily retention job a day later.
/// </summary>
[Collection(ProcessHeavy.Name)]
public sealed class CapacityAttachKillTests : IAsyncLifetime
{
    private const int Lines = 2_100;   // 24 hours each: 50,400 hours, enough for partitions of its own
    private string _cs = "";
    private readonly List<ServerProcess> _servers = [];

    public async Task InitializeAsync() => _cs = await TestCluster.CreateDatabaseAsync();

    [Fact]
    public async Task A_node_killed_during_attach_partition_leaves_its_second_half_and_the_next_start_drops_it()
    {
        var first = Start("n1");
        await first.WaitReadyAsync();
        await using var conn = new NpgsqlConnection(_cs);
        await conn.OpenAsync();
        var ops = await ApiKeyStore.CreateAsync(conn, "ops", null, false, CancellationToken.None);
        Assert.Equal("accepted", (await Fixtures.UploadAsync(Client(first, ops), "network", Fixtures.Network)).GetProperty("status").GetString());
        var sf = await ApiKeyStore.CreateAsync(conn, "carrier", "SF", false, CancellationToken.None);
        var partitions = await PartitionsAsync(conn);
        var historyRows = await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM capacity_history");

        // ATTACH PARTITION needs SHARE UPDATE EXCLUSIVE on the history: holding it stops the load there.
        await using var blocker = new NpgsqlConnection(_cs);
        await blocker.OpenAsync();
        await using var hold = await blocker.BeginTransactionAsync();
        await blocker.ExecuteAsync("LOCK TABLE capacity_history IN SHARE UPDATE EXCLUSIVE MODE", transaction: hold);

        var body = new StringBuilder("node,kind,start,hours,parcels\n");
        var start = new DateTimeOffset(2026, 11, 11, 0, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < Lines; i++) body.Append(CultureInfo.InvariantCulture, $"SF-SH,sort,{start.AddHours(24 * i):yyyy-MM-ddTHH:mm:ssZ},24,5\n");
        using var client = Client(first, sf);
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body.ToString()));
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        var posting = client.PostAsync("/v1/capacity/uploads", content);   // never answered: the node dies first

        int attaching = 0;
        for (var tries = 0; attaching == 0; tries++)
        {
            Assert.True(tries < 1200, $"the load never reached ATTACH PARTITION: {first.Output}");
            await Task.Delay(50);
            attaching = await conn.ExecuteScalarAsync<int>("""
                SELECT coalesce(min(pid), 0) FROM pg_stat_activity
                WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE 'ALTER TABLE capacity_history ATTACH PARTITION%'
                """);
        }
        var half = Assert.Single(await StagingAsync(conn));
        Assert.Matches("^capacity_[0-9a-f]{32}_b$", half);
        var upload = Guid.ParseExact(half.AsSpan("capacity_".Length, 32), "N");

        first.KillHard();
        await Assert.ThrowsAnyAsync<Exception>(() => posting);
        await hold.RollbackAsync();
        // The dead request's backend ends (its client is gone) and its transaction with it.
        for (var tries = 0; await conn.ExecuteScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE pid = @attaching)", new { attaching }); tries++)
        {
            Assert.True(tries < 600, "the killed request's backend never ended");
            await Task.Delay(50);
        }

        // The crash's leftover: the committed second half, and nothing else of the upload.
        Assert.Equal([half], await StagingAsync(conn));
        Assert.False(await conn.ExecuteScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM uploads WHERE id = @upload)", new { upload }));
        Assert.Equal(partitions, await PartitionsAsync(conn));
        Assert.Equal(historyRows, await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM capacity_history"));

        // The next node to start drops it.
        var second = Start("n2");
        await second.WaitReadyAsync();
        for (var tries = 0; (await StagingAsync(conn)).Count > 0; tries++)
        {
            Assert.True(tries < 600, $"the second half was never dropped: {second.Output}");
            await Task.Delay(50);
        }
        Assert.Contains("staging tables left by crashed loads were dropped", second.Output);
        Assert.Equal(partitions, await PartitionsAsync(conn));
        Assert.Equal(historyRows, await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM capacity_history"));
    }

    private ServerProcess Start(string name)
    {
        var server = new ServerProcess(name, _cs, "all");
        _servers.Add(server);
        return server;
    }

    private static HttpClient Client(ServerProcess server, string key)
    {
        var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{server.Port}"), Timeout = TimeSpan.FromMinutes(2) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    private static async Task<List<string>> StagingAsync(NpgsqlConnection conn) =>
        [.. await conn.QueryAsync<string>("SELECT tablename FROM pg_tables WHERE schemaname = 'staging' ORDER BY tablename")];

    private static Task<long> PartitionsAsync(NpgsqlConnection conn) =>
        conn.ExecuteScalarAsync<long>("SELECT count(*) FROM pg_inherits WHERE inhparent = 'capacity_history'::regclass");

    public async Task DisposeAsync()
    {
        foreach (var server in _servers) await server.DisposeAsync();
    }
}
