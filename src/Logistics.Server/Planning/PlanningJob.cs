using Dapper;
using Logistics.Server.Jobs;
using Npgsql;
using Quartz;

namespace Logistics.Server.Planning;

/// <summary>
/// Plans every campaign whose horizon has not ended (or the one named in the trigger's data). Its
/// default trigger fires every 15 minutes; outside the sale days a campaign is planned hourly, so a
/// scheduled firing plans it only when its last run is older than 55 minutes. A manual trigger
/// (dashboard, `logistics plan`) always plans. A run that finds another in progress is recorded as
/// skipped, not failed.
/// </summary>
[RetryPolicy(3, "00:00:30", 2.0, MaxDelay = "00:05:00", Jitter = 0.2)]
internal sealed class PlanningJob(PlanningRun runs, NpgsqlDataSource db, TimeProvider clock) : IJob
{
    public static readonly JobKey Key = new("plan", JobGroups.Planning);
    public const string DefaultCron = "0 0/15 * * * ?";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken ct)
    {
        var named = context.MergedJobDataMap.GetString("campaign");
        var manual = named is not null || context.Trigger.Key.Name != $"{Key.Name}.schedule";
        var node = context.Scheduler.SchedulerInstanceId;
        var now = clock.GetUtcNow();
        var results = new List<string>();
        foreach (var campaign in named is null ? await ActiveAsync(ct) : [named])
        {
            if (!manual && !await DueAsync(campaign, now, ct)) continue;
            var s = await runs.RunAsync(campaign, manual ? "manual" : "schedule", node, null, ct);
            if (s.Status == "failed") throw new JobExecutionException($"planning {campaign} failed: {s.Error}");
            results.Add($"{campaign}: {s.Status}");
        }
        context.Result = results.Count == 0
            ? JobRunReport.Skipped("no campaign due")
            : results.All(r => r.EndsWith("skipped", StringComparison.Ordinal) || r.EndsWith("unchanged", StringComparison.Ordinal))
                ? JobRunReport.Skipped(string.Join("; ", results))
                : JobRunReport.Succeeded(string.Join("; ", results));
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
        var due = await conn.ExecuteScalarAsync<bool>(new CommandDefinition("""
            SELECT EXISTS (SELECT 1 FROM unnest(c.sale_days) d
                           WHERE (@now AT TIME ZONE c.time_zone)::date BETWEEN d - 1 AND d + 1)
                OR NOT EXISTS (SELECT 1 FROM plan_runs r
                               WHERE r.campaign_id = c.id AND r.status IN ('published', 'unchanged') AND r.started_at > @now - interval '55 minutes')
            FROM campaigns c WHERE c.code = @campaign
            """, new { campaign, now }, cancellationToken: ct));
        return due;
    }
}
