using System.Text;
using Dapper;
using Logistics.Server.Tests.Support;
using Npgsql;

namespace Logistics.Server.Tests.Jobs;

/// <summary>The small world on an API-only node with one worker process; the test starts the second.</summary>
public sealed class OneWorkerClusterHost : SmallWorldClusterHost
{
    protected override int WorkerCount => 1;
}

/// <summary>
/// Two worker processes and one API node share a database. The worker running a capacity load and
/// a planning run (both held mid-way) is killed with SIGKILL: the other worker takes both jobs over
/// once their invisibility timeout (30 s, sliding while they ran) has passed, each completes exactly
/// once, and the data lands once. Both kills share one wait.
/// </summary>
[Collection(ProcessHeavy.Name)]
public sealed class ClusterRecoveryTests(OneWorkerClusterHost host) : IClassFixture<OneWorkerClusterHost>
{
    private const string Campaign = "D11-2026";

    [Fact]
    public async Task A_killed_workers_capacity_load_and_planning_run_are_finished_once_by_the_other_worker()
    {
        var ops = host.Client(host.OpsKey);
        var w1 = Assert.Single(host.Workers);
        await using var conn = new NpgsqlConnection(host.ConnectionString);
        await conn.OpenAsync();
        var campaignId = await conn.ExecuteScalarAsync<long>("SELECT id FROM campaigns WHERE code = @Campaign", new { Campaign });
        var capacityBefore = await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM uploads WHERE kind = 'capacity'");

        // Hold both jobs mid-way: the capacity load inside its transaction, waiting for the merge
        // lock; the planning run after snapshot, forecast and plan, inside its publishing transaction.
        await using var blocker = new NpgsqlConnection(host.ConnectionString);
        await blocker.OpenAsync();
        await blocker.ExecuteAsync("SELECT pg_advisory_lock(hashtextextended('capacity-merge', 0))");
        await blocker.ExecuteAsync("SELECT pg_advisory_lock(hashtextextended(@key, 0))", new { key = $"publish:{campaignId}" });

        var hours = new StringBuilder("node,kind,start,hours,parcels\n");
        for (var h = 0; h < 48; h++) hours.Append($"YTO-SH,sort,{new DateTime(2026, 11, 12, 0, 0, 0).AddHours(h):yyyy-MM-ddTHH:mm:ss}Z,1,{300 + h}\n");
        var upload = Guid.Parse((await Fixtures.UploadAsync(ops, "capacity", hours.ToString())).GetProperty("id").GetString()!);
        await WaitForLockWaitersAsync(conn, 1);
        using var planned = await ops.PostAsync("/v1/plan-runs", new StringContent($$"""{"campaign":"{{Campaign}}"}""", Encoding.UTF8, "application/json"));
        Assert.Equal(System.Net.HttpStatusCode.Accepted, planned.StatusCode);
        var planJob = System.Text.Json.JsonDocument.Parse(await planned.Content.ReadAsStringAsync()).RootElement.GetProperty("job_id").GetString()!;
        await WaitForLockWaitersAsync(conn, 2);
        var loadJob = await conn.ExecuteScalarAsync<string>("SELECT job_id FROM uploads WHERE id = @upload", new { upload });
        Assert.NotNull(loadJob);
        Assert.Equal(["w1"], await HangfireJobs.ProcessedByAsync(conn, loadJob));
        Assert.Equal(["w1"], await HangfireJobs.ProcessedByAsync(conn, planJob));

        // The second worker joins, then the first dies with both jobs in hand.
        var w2 = await host.AddWorkerAsync("w2");
        w1.KillHard();
        var killed = DateTime.UtcNow;
        await blocker.ExecuteAsync("SELECT pg_advisory_unlock_all()");

        await HangfireJobs.WaitSucceededAsync(conn, loadJob, TimeSpan.FromSeconds(120));
        await HangfireJobs.WaitSucceededAsync(conn, planJob, TimeSpan.FromSeconds(120));
        var recoveredAfter = DateTime.UtcNow - killed;
        Assert.False(w2.HasExited, w2.Output);

        // Each job: started on w1, finished on w2, succeeded once.
        foreach (var job in new[] { loadJob, planJob })
        {
            Assert.Equal(["w1", "w2"], await HangfireJobs.ProcessedByAsync(conn, job));
            Assert.Equal(1, await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM hangfire.state WHERE jobid = @id AND name = 'Succeeded'", new { id = long.Parse(job) }));
        }
        Assert.True(recoveredAfter < TimeSpan.FromSeconds(90), $"recovered after {recoveredAfter}");

        // The capacity landed once: one upload, accepted, its 48 hours in the history once.
        var status = await Fixtures.GetJsonAsync(ops, $"/v1/capacity/uploads/{upload}");
        Assert.Equal("accepted", status.GetProperty("status").GetString());
        Assert.Equal(capacityBefore + 1, await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM uploads WHERE kind = 'capacity'"));
        Assert.Equal(48, await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM capacity_history WHERE upload_id = @upload", new { upload }));
        Assert.Equal(2, await conn.ExecuteScalarAsync<int>("SELECT load_attempts FROM uploads WHERE id = @upload", new { upload }));

        // The plan was published once: the killed attempt is recorded as abandoned and left nothing behind.
        var runs = (await conn.QueryAsync<(long Id, string Status, string? Error)>(
            "SELECT id, status, error FROM plan_runs WHERE campaign_id = @campaignId ORDER BY id", new { campaignId })).ToList();
        Assert.Equal(2, runs.Count);
        Assert.Equal("failed", runs[0].Status);
        Assert.StartsWith("abandoned", runs[0].Error);
        Assert.Equal("published", runs[1].Status);
        Assert.Equal(runs[1].Id, await conn.ExecuteScalarAsync<long>("SELECT plan_run_id FROM publications WHERE campaign_id = @campaignId", new { campaignId }));
        Assert.Equal([runs[1].Id], (await conn.QueryAsync<long>("SELECT DISTINCT plan_run_id FROM alert_events")).ToList());
        Assert.Equal([runs[1].Id], (await conn.QueryAsync<long>("SELECT DISTINCT plan_run_id FROM merchant_windows")).ToList());
    }

    /// <summary>Waits until <paramref name="count"/> sessions wait for an advisory lock (the held jobs).</summary>
    private static async Task WaitForLockWaitersAsync(NpgsqlConnection conn, int count)
    {
        long waiting = 0;
        for (var i = 0; i < 600 && waiting < count; i++)
        {
            waiting = await conn.ExecuteScalarAsync<long>(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND wait_event = 'advisory'");
            if (waiting < count) await Task.Delay(100);
        }
        Assert.Equal(count, waiting);
    }
}
