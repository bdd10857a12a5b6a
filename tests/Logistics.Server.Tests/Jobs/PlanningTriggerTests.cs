using System.Text;
using Dapper;
using Logistics.Server.Tests.Planning;
using Logistics.Server.Tests.Support;
using Npgsql;

namespace Logistics.Server.Tests.Jobs;

/// <summary>The small world on an API-only node; two worker processes on the same database run every job.</summary>
public sealed class SmallWorldClusterHost : SmallWorldHost
{
    private readonly List<ServerProcess> _workers = [];

    public IReadOnlyList<ServerProcess> Workers => _workers;

    protected override string Role => "api";

    protected override async Task StartedAsync()
    {
        _workers.Add(new ServerProcess("w1", ConnectionString, "worker"));
        _workers.Add(new ServerProcess("w2", ConnectionString, "worker"));
        await Task.WhenAll(_workers.Select(w => w.WaitReadyAsync()));
    }

    public override async Task DisposeAsync()
    {
        foreach (var w in _workers) await w.DisposeAsync();
        await base.DisposeAsync();
    }
}

[Collection(ProcessHeavy.Name)]
public sealed class PlanningTriggerTests(SmallWorldClusterHost host) : IClassFixture<SmallWorldClusterHost>
{
    [Fact]
    public async Task Two_planning_triggers_fired_together_run_once_and_record_one_skip()
    {
        var ops = host.Client(host.OpsKey);
        var body = () => new StringContent("""{"campaign":"D11-2026"}""", Encoding.UTF8, "application/json");

        // Make the overlap certain: while this transaction holds plan_runs, the first run blocks on
        // its INSERT still holding the campaign's lock, so the second must find that lock taken.
        await using var gate = new NpgsqlConnection(host.ConnectionString);
        await gate.OpenAsync();
        // pg_stat_activity is read once per transaction: watch it from outside the gate's.
        await using var watch = new NpgsqlConnection(host.ConnectionString);
        await watch.OpenAsync();
        await using (var tx = await gate.BeginTransactionAsync())
        {
            await gate.ExecuteAsync("LOCK TABLE plan_runs IN EXCLUSIVE MODE", transaction: tx);
            var posted = await Task.WhenAll(ops.PostAsync("/v1/plan-runs", body()), ops.PostAsync("/v1/plan-runs", body()));
            Assert.All(posted, r => Assert.Equal(System.Net.HttpStatusCode.Accepted, r.StatusCode));
            long waiting = 0;
            for (var i = 0; i < 300 && waiting < 2; i++)
            {
                waiting = await watch.ExecuteScalarAsync<long>(
                    "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%INSERT INTO plan_runs%'");
                if (waiting < 2) await Task.Delay(100);
            }
            Assert.Equal(2, waiting);
            await tx.CommitAsync();
        }

        // Both firings end up in the history every node writes, run by the worker processes (the API
        // node never runs jobs): one ran, one found the run going and skipped.
        await using var conn = new NpgsqlConnection(host.ConnectionString);
        List<(int? Result, string Node)> history = [];
        for (var i = 0; i < 300 && history.Count < 2; i++)
        {
            history = (await conn.QueryAsync<(int?, string)>("SELECT result, instance_name FROM quartz.qrtz_execution_history WHERE job_name = 'plan' AND trigger_name LIKE 'manual-%'")).ToList();
            if (history.Count < 2) await Task.Delay(100);
        }
        Assert.Equal(2, history.Count);
        Assert.All(history, h => Assert.Contains(h.Node, host.Workers.Select(w => w.Name)));
        var results = history.Select(h => h.Result).ToList();
        Assert.Single(results, r => r == (int)Quartz.JobRunResult.Succeeded);
        Assert.Single(results, r => r == (int)Quartz.JobRunResult.Skipped);
        var statuses = (await conn.QueryAsync<string>("SELECT status FROM plan_runs ORDER BY id")).ToList();
        Assert.Single(statuses, s => s == "published");
        Assert.Single(statuses, s => s == "skipped");
        Assert.Equal(0, await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM quartz.qrtz_execution_history WHERE job_name = 'plan' AND NOT succeeded"));
    }
}
