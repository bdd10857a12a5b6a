using Dapper;
using Hangfire;
using Logistics.Server.Jobs;
using Npgsql;

namespace Logistics.Server.Planning;

/// <summary>
/// Plans every campaign whose horizon has not ended (or the one named). Its recurring schedule fires
/// every 15 minutes; outside the sale days a campaign is planned hourly, so a scheduled firing plans
/// it only when its last run is older than 55 minutes. A manual run (dashboard, POST /v1/plan-runs)
/// always plans. A run that finds another of its campaign in progress (PlanningRun's advisory lock)
/// is recorded as skipped, not failed, and the job succeeds: two triggers at once publish once.
/// </summary>
[Queue(JobQueues.Planning)]
[AutomaticRetry(Attempts = 3, DelaysInSeconds = [30, 60, 120])]
internal sealed class PlanningJob(PlanningRun runs, NpgsqlDataSource db, TimeProvider clock, JobOptions options)
{
    public const string RecurringId = "planning.plan";
    public const string DefaultCron = "*/15 * * * *";

    /// <summary>Queues a manual run now; any worker runs it. Null <paramref name="campaign"/>: every active campaign.</summary>
    public static string Enqueue(IBackgroundJobClient jobs, string? campaign) =>
        jobs.Enqueue<PlanningJob>(j => j.RunAsync(campaign, PlanTrigger.Manual, CancellationToken.None));

    /// <summary>Schedules a one-off manual run at <paramref name="at"/>.</summary>
    public static string Schedule(IBackgroundJobClient jobs, string? campaign, DateTimeOffset at) =>
        jobs.Schedule<PlanningJob>(j => j.RunAsync(campaign, PlanTrigger.Manual, CancellationToken.None), at);

    [JobDisplayName("Plan {0} ({1})")]
    public async Task<string> RunAsync(string? campaign, PlanTrigger trigger, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var results = new List<string>();
        foreach (var code in campaign is null ? await ActiveAsync(ct) : [campaign])
        {
            if (trigger == PlanTrigger.Schedule && !await DueAsync(code, now, ct)) continue;
            var s = await runs.RunAsync(code, trigger.Text(), options.Node, null, ct);
            if (s.State == RunStatus.Failed) throw new PlanningException($"planning {code} failed: {s.Error}");
            results.Add($"{code}: {s.Status}");
        }
        return results.Count == 0 ? "no campaign due" : string.Join("; ", results);
    }

    private async Task<IReadOnlyList<string>> ActiveAsync(CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return (await conn.QueryAsync<string>(new CommandDefinition(
            "SELECT code FROM campaigns WHERE horizon_end >= (now() AT TIME ZONE time_zone)::date ORDER BY horizon_start, code", cancellationToken: ct))).AsList();
    }

    private async Task<bool> DueAsync(string campaign, DateTimeOffset now, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var due = await conn.ExecuteScalarAsync<bool>(new CommandDefinition($"""
            SELECT EXISTS (SELECT 1 FROM unnest(c.sale_days) d
                           WHERE (@now AT TIME ZONE c.time_zone)::date BETWEEN d - 1 AND d + 1)
                OR NOT EXISTS (SELECT 1 FROM plan_runs r
                               WHERE r.campaign_id = c.id AND r.status IN ('{RunStatuses.Published}', '{RunStatuses.Unchanged}') AND r.started_at > @now - interval '55 minutes')
            FROM campaigns c WHERE c.code = @campaign
            """, new { campaign, now }, cancellationToken: ct));
        return due;
    }
}
