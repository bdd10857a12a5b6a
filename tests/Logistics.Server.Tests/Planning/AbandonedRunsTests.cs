using Dapper;
using Logistics.Server.Planning;
using Logistics.Server.Tests.Support;
using Npgsql;

namespace Logistics.Server.Tests.Planning;

/// <summary>
/// A run left 'running' becomes 'failed' with the reason once the session that ran it is gone, and
/// not while it lives: the campaign's lock, held for the whole run, tells the two apart.
/// </summary>
public sealed class AbandonedRunsTests(TestHost host) : IClassFixture<TestHost>
{
    [Fact]
    public async Task A_running_run_whose_session_died_is_marked_failed_and_a_live_one_is_left_alone()
    {
        var ops = host.Client(await host.KeyAsync("ops"));
        await Fixtures.UploadAsync(ops, "network", Fixtures.Network);
        await Fixtures.UploadAsync(ops, "campaigns", Fixtures.Campaigns);
        await using var conn = new NpgsqlConnection(host.ConnectionString);
        await conn.OpenAsync();
        var campaignId = await conn.ExecuteScalarAsync<long>("SELECT id FROM campaigns WHERE code = 'D11-2026'");

        // A "node" running the campaign: it holds the run's lock on its own session, as PlanningRun does.
        var node = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(host.ConnectionString) { Pooling = false }.ConnectionString);
        await node.OpenAsync();
        await node.ExecuteAsync("SELECT pg_advisory_lock(hashtextextended(@key, 0))", new { key = $"plan:{campaignId}" });
        var run = await conn.ExecuteScalarAsync<long>(
            "INSERT INTO plan_runs (campaign_id, status, trigger, node) VALUES (@campaignId, 'running', 'api', 'n1') RETURNING id", new { campaignId });

        Assert.Equal(0, await PlanningRun.FailAbandonedAsync(conn, CancellationToken.None));
        Assert.Equal("running", await conn.ExecuteScalarAsync<string>("SELECT status FROM plan_runs WHERE id = @run", new { run }));

        await node.DisposeAsync();   // the node dies: its session, and the lock with it, end
        // The server ends the session a moment after the socket closes (and this host's own sweep
        // may get there first): sweep until the run is marked, for at most 5 s.
        var (status, error) = ("running", (string?)null);
        for (var i = 0; i < 50 && status == "running"; i++)
        {
            await PlanningRun.FailAbandonedAsync(conn, CancellationToken.None);
            (status, error) = await conn.QuerySingleAsync<(string, string?)>("SELECT status, error FROM plan_runs WHERE id = @run", new { run });
            if (status == "running") await Task.Delay(100);
        }
        Assert.Equal("failed", status);
        Assert.Equal(PlanningRun.AbandonedReason, error);
    }
}
