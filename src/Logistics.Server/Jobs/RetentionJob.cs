using Dapper;
using Npgsql;
using Quartz;

namespace Logistics.Server.Jobs;

/// <summary>
/// Deletes what has outlived the retention period (Logistics:RetentionDays, default 30): rejected
/// uploads. Quartz trims its own execution history to the same period. Retried with backoff when
/// the database is briefly away; bad data cannot make it fail.
/// </summary>
[DisallowConcurrentExecution]
[RetryPolicy(5, "00:00:30", 2.0, MaxDelay = "00:10:00", Jitter = 0.2)]
internal sealed class RetentionJob(NpgsqlDataSource db, IConfiguration config) : IJob
{
    public static readonly JobKey Key = new("retention", JobGroups.Maintenance);

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken ct)
    {
        var days = config.GetValue("Logistics:RetentionDays", 30);
        await using var conn = await db.OpenConnectionAsync(ct);
        var uploads = await conn.ExecuteAsync(new CommandDefinition("""
            DELETE FROM uploads
            WHERE status IN ('rejected', 'failed') AND created_at < now() - make_interval(days => @days)
            """, new { days }, cancellationToken: ct));
        context.Result = uploads == 0
            ? JobRunReport.Skipped($"nothing older than {days} days")
            : JobRunReport.Succeeded($"deleted {uploads} rejected uploads older than {days} days").With("uploads", uploads);
    }
}
