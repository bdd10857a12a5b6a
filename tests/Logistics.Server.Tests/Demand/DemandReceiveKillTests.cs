using System.Net;
using System.Net.Http.Headers;
using Dapper;
using Logistics.Server.Auth;
using Logistics.Server.Tests.Support;
using Npgsql;

namespace Logistics.Server.Tests.Demand;

/// <summary>
/// A real `serve` process killed with SIGKILL while it receives a demand upload: the upload's
/// staging tables committed before its row (the unresolved lines' and the per-campaign counts')
/// are left, with no upload; the next node to start drops them, and a receive going on when a
/// node starts keeps its own.
/// </summary>
[Collection(ProcessHeavy.Name)]
public sealed class DemandReceiveKillTests : IAsyncLifetime
{
    private string _cs = "";
    private readonly List<ServerProcess> _servers = [];
    private readonly List<TaskCompletionSource> _stalls = [];

    public async Task InitializeAsync() => _cs = await TestCluster.CreateDatabaseAsync();

    [Fact]
    public async Task A_node_killed_mid_receive_leaves_staging_that_the_next_start_drops_but_not_a_live_receives()
    {
        var first = Start("n1");
        await first.WaitReadyAsync();
        await using var conn = new NpgsqlConnection(_cs);
        await conn.OpenAsync();
        var ops = await ApiKeyStore.CreateAsync(conn, "ops", null, false, CancellationToken.None);

        var dying = StalledPost(first, ops);
        var dead = await WaitForNewTablesAsync(conn, []);

        first.KillHard();
        _stalls[0].TrySetResult();   // the rest of the body goes nowhere
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => dying);
        // Its backends end (their client is gone), and the receive's lock with them.
        var upload = dead.Single(t => t.EndsWith("_text", StringComparison.Ordinal))["u_".Length..][..32];
        for (var tries = 0; await conn.ExecuteScalarAsync<bool>("""
                 SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted
                                AND ((classid::bigint << 32) | objid::bigint) = hashtextextended('bulk-receive:' || @upload, 0))
                 """, new { upload }); tries++)
        {
            Assert.True(tries < 600, "the killed receive's lock was never let go");
            await Task.Delay(50);
        }
        Assert.Equal(dead, await StagingAsync(conn));
        Assert.Equal(0, await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM uploads WHERE kind = 'signals'"));

        // The next node to start drops them.
        var second = Start("n2");
        await second.WaitReadyAsync();
        for (var tries = 0; (await StagingAsync(conn)).Count > 0; tries++)
        {
            Assert.True(tries < 600, $"left: {string.Join(", ", await StagingAsync(conn))}; {second.Output}");
            await Task.Delay(50);
        }
        Assert.Contains("staging tables left by crashed loads were dropped", second.Output);

        // A receive going on when another node starts keeps its tables. (A crashed load's leftover
        // beside it tells when that node's sweep has been.)
        var live = StalledPost(second, ops);
        var liveTables = await WaitForNewTablesAsync(conn, []);
        var marker = $"capacity_{Guid.CreateVersion7():N}";
        await conn.ExecuteAsync($"CREATE TABLE staging.{marker} (x int)");
        var third = Start("n3");
        await third.WaitReadyAsync();
        for (var tries = 0; (await StagingAsync(conn)).Contains(marker); tries++)
        {
            Assert.True(tries < 600, $"the sweep never ran: {third.Output}");
            await Task.Delay(50);
        }
        Assert.Equal(liveTables, await StagingAsync(conn));

        // The live receive finishes whole.
        foreach (var stall in _stalls) stall.TrySetResult();
        using var answered = await live;
        Assert.True(answered.StatusCode == HttpStatusCode.Accepted, await answered.Content.ReadAsStringAsync());
    }

    /// <summary>POSTs signals whose body trickles after its header and first line until released (or the test ends).</summary>
    private Task<HttpResponseMessage> StalledPost(ServerProcess server, string key)
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _stalls.Add(release);
        var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{server.Port}"), Timeout = TimeSpan.FromMinutes(2) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client.PostAsync("/v1/signals/uploads", new TricklingContent(release.Task));
    }

    /// <summary>Waits until staging holds a receive's committed tables besides <paramref name="known"/>; returns them all.</summary>
    private static async Task<List<string>> WaitForNewTablesAsync(NpgsqlConnection conn, List<string> known)
    {
        for (var tries = 0; ; tries++)
        {
            var now = await StagingAsync(conn);
            var added = now.Except(known).ToList();
            if (added.Count == 2)
            {
                Assert.Contains(added, t => t.EndsWith("_text", StringComparison.Ordinal));
                Assert.Contains(added, t => t.EndsWith("_campaigns", StringComparison.Ordinal));
                return now;
            }
            Assert.True(tries < 1200, $"the receive never made its tables: {string.Join(", ", now)}");
            await Task.Delay(50);
        }
    }

    private static async Task<List<string>> StagingAsync(NpgsqlConnection conn) =>
        [.. await conn.QueryAsync<string>("SELECT tablename FROM pg_tables WHERE schemaname = 'staging' ORDER BY tablename")];

    private ServerProcess Start(string name)
    {
        var server = new ServerProcess(name, _cs, "all");
        _servers.Add(server);
        return server;
    }

    public async Task DisposeAsync()
    {
        foreach (var stall in _stalls) stall.TrySetResult();
        foreach (var server in _servers) await server.DisposeAsync();
    }
}
