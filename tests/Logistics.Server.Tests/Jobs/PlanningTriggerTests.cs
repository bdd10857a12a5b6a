using System.Text;
using Dapper;
using Logistics.Server.Jobs;
using Logistics.Server.Planning;
using Logistics.Server.Tests.Planning;
using Logistics.Server.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Logistics.Server.Tests.Jobs;

/// <summary>
/// The small world on an API-only node; worker processes on the same database run every job (two
/// unless a subclass says otherwise). The recurring planning job is paused, so only the test plans.
/// </summary>
public class SmallWorldClusterHost : SmallWorldHost
{
    private readonly List<ServerProcess> _workers = [];

    public IReadOnlyList<ServerProcess> Workers => _workers;

    protected override string Role => "api";

    protected virtual int WorkerCount => 2;

    protected override async Task StartedAsync()
    {
        Assert.True(await Services.GetRequiredService<JobSchedules>().PauseAsync(PlanningJob.RecurringId, "test", CancellationToken.None));
        for (var i = 1; i <= WorkerCount; i++) _workers.Add(new ServerProcess($"w{i}", ConnectionString, "worker"));
        await Task.WhenAll(_workers.Select(w => w.WaitReadyAsync()));
    }

    /// <summary>Starts one more worker process (disposed with the host).</summary>
    public async Task<ServerProcess> AddWorkerAsync(string name)
    {
        var worker = new ServerProcess(name, ConnectionString, "worker");
        _workers.Add(worker);
        await worker.WaitReadyAsync();
        return worker;
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
        // its first write of plan_runs still holding the campaign's lock, so the second must find that lock taken.
        await using var gate = new NpgsqlConnection(host.ConnectionString);
        await gate.OpenAsync();
        // pg_stat_activity is read once per transaction: watch it from outside the gate's.
        await using var watch = new NpgsqlConnection(host.ConnectionString);
        await watch.OpenAsync();
        var jobs = new List<string>();
        await using (var tx = await gate.BeginTransactionAsync())
        {
            await gate.ExecuteAsync("LOCK TABLE plan_runs IN EXCLUSIVE MODE", transaction: tx);
            var posted = await Task.WhenAll(ops.PostAsync("/v1/plan-runs", body()), ops.PostAsync("/v1/plan-runs", body()));
            Assert.All(posted, r => Assert.Equal(System.Net.HttpStatusCode.Accepted, r.StatusCode));
            foreach (var r in posted)
                jobs.Add(System.Text.Json.JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement.GetProperty("job_id").GetString()!);
            long waiting = 0;
            for (var i = 0; i < 300 && waiting < 2; i++)
            {
                waiting = await watch.ExecuteScalarAsync<long>(
                    "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%plan_runs%'");
                if (waiting < 2) await Task.Delay(100);
            }
            Assert.Equal(2, waiting);
            await tx.CommitAsync();
        }

        // Both jobs succeed on the worker processes (the API node never runs jobs): one run
        // published, one found the run going and was recorded as skipped. No retry, no failure.
        await using var conn = new NpgsqlConnection(host.ConnectionString);
        foreach (var job in jobs)
        {
            await HangfireJobs.WaitSucceededAsync(conn, job, TimeSpan.FromSeconds(60));
            var ranOn = await HangfireJobs.ProcessedByAsync(conn, job);
            Assert.Contains(Assert.Single(ranOn), host.Workers.Select(w => w.Name));
        }
        var statuses = (await conn.QueryAsync<string>("SELECT status FROM plan_runs ORDER BY id")).ToList();
        Assert.Equal(2, statuses.Count);
        Assert.Single(statuses, s => s == "published");
        Assert.Single(statuses, s => s == "skipped");
    }
}
