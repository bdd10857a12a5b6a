using Dapper;
using Hangfire;
using Logistics.Server.Jobs;
using Npgsql;

namespace Logistics.Server.Maintenance;

/// <summary>
/// Deletes what has outlived the retention period (Logistics:RetentionDays, default 30) by asking
/// each feature's <see cref="IRetentionStep"/> to trim itself, in <see cref="RetentionStage"/> order:
/// the alert feed's oldest events, cleared alerts nothing refers to any more, superseded planning
/// runs with their windows and node and lane loads, rejected and failed uploads, what-ifs, and
/// staging tables a crash left behind. The published run of every campaign, alerts in force and
/// accepted uploads (the provenance of effective capacity and signals) are kept whatever their age.
/// Hangfire expires its own finished jobs. Each step is its own transaction and idempotent, so a
/// retry after a failure simply finishes the work (30 s, then doubling to 8 min). One run at a time
/// in the cluster: a run that finds another going ends at once.
/// </summary>
[Queue(JobQueues.Maintenance)]
[AutomaticRetry(Attempts = 5, DelaysInSeconds = [30, 60, 120, 240, 480])]
internal sealed class RetentionJob(NpgsqlDataSource db, IConfiguration config, IEnumerable<IRetentionStep> steps, ILogger<RetentionJob> log)
{
    public const string RecurringId = "maintenance.retention";
    public const string DefaultCron = "30 3 * * *";   // daily 03:30 UTC

    // Stable: steps of one stage keep their registration order.
    private readonly IReadOnlyList<IRetentionStep> _steps = [.. steps.OrderBy(s => s.Stage)];

    [JobDisplayName("Remove what is past the retention period")]
    public async Task<string> RunAsync(CancellationToken ct)
    {
        var days = config.GetValue("Logistics:RetentionDays", 30);
        await using var conn = await db.OpenConnectionAsync(ct);
        if (!await conn.ExecuteScalarAsync<bool>(new CommandDefinition("SELECT pg_try_advisory_lock(hashtextextended('retention', 0))", cancellationToken: ct)))
            return "skipped: another retention run is going";
        try { return await RemoveAsync(conn, days, ct); }
        finally
        {
            await conn.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_unlock(hashtextextended('retention', 0))", cancellationToken: CancellationToken.None));
        }
    }

    private async Task<string> RemoveAsync(NpgsqlConnection conn, int days, CancellationToken ct)
    {
        var done = new List<string>();
        foreach (var step in _steps)
            if (await step.RemoveAsync(conn, days, ct) is var removed and > 0)
                done.Add($"{removed} {step.Removes.Replace('_', ' ')}");
        log.LogInformation("Retention ({Days} days): {Removed}", days, done.Count == 0 ? "nothing to remove" : string.Join(", ", done));
        return done.Count == 0 ? $"nothing older than {days} days" : $"removed {string.Join(", ", done)} (older than {days} days)";
    }

    /// <summary>The staging step alone (tests drop leftovers without waiting for the period).</summary>
    internal static Task<long> DropLeftoverStagingAsync(NpgsqlConnection conn, CancellationToken ct) => StagingRetention.DropLeftoversAsync(conn, ct);
}
