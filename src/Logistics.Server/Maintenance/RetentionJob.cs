using Dapper;
using Hangfire;
using Logistics.Server.Jobs;
using Logistics.Server.Publication;
using Logistics.Server.Storage;
using Npgsql;

namespace Logistics.Server.Maintenance;

/// <summary>
/// Deletes what has outlived the retention period (Logistics:RetentionDays, default 30): the alert
/// feed's oldest events, cleared alerts nothing refers to any more, superseded planning runs with
/// their windows and node loads, rejected and failed uploads, and staging tables a crash left
/// behind. The published run of every campaign, alerts in force and accepted uploads (the
/// provenance of effective capacity and signals) are kept whatever their age. Hangfire expires its
/// own finished jobs. Each step is its own transaction and idempotent, so a retry after a failure
/// simply finishes the work (30 s, then doubling to 8 min). One run at a time in the cluster: a run
/// that finds another going ends at once.
/// </summary>
[Queue(JobQueues.Maintenance)]
[AutomaticRetry(Attempts = 5, DelaysInSeconds = [30, 60, 120, 240, 480])]
internal sealed class RetentionJob(NpgsqlDataSource db, IConfiguration config, ILogger<RetentionJob> log)
{
    public const string RecurringId = "maintenance.retention";
    public const string DefaultCron = "30 3 * * *";   // daily 03:30 UTC

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
        var removed = new Dictionary<string, long>
        {
            ["events"] = await TrimFeedAsync(conn, days, ct),
            ["alerts"] = await ExecuteAsync(conn, RetentionSql.ClearedAlerts, days, ct),
            ["merchant_windows"] = await ExecuteAsync(conn, RetentionSql.SupersededRunRows("merchant_windows"), days, ct),   // a row per merchant and run
            ["node_loads"] = await ExecuteAsync(conn, RetentionSql.SupersededRunRows("plan_node_loads"), days, ct),
            ["lane_loads"] = await ExecuteAsync(conn, RetentionSql.SupersededRunRows("plan_lane_loads"), days, ct),
            ["runs"] = await ExecuteAsync(conn, RetentionSql.Runs, days, ct),
            ["uploads"] = await ExecuteAsync(conn, RetentionSql.RejectedUploads, days, ct),
            ["what_ifs"] = await ExecuteAsync(conn, RetentionSql.WhatIfs, days, ct),
            ["staging_tables"] = await DropLeftoverStagingAsync(conn, ct),
        };
        var done = removed.Where(r => r.Value > 0).Select(r => $"{r.Value} {r.Key.Replace('_', ' ')}").ToList();
        log.LogInformation("Retention ({Days} days): {Removed}", days, done.Count == 0 ? "nothing to remove" : string.Join(", ", done));
        return done.Count == 0 ? $"nothing older than {days} days" : $"removed {string.Join(", ", done)} (older than {days} days)";
    }

    private static async Task<long> ExecuteAsync(NpgsqlConnection conn, string sql, int days, CancellationToken ct) =>
        await conn.ExecuteAsync(new CommandDefinition(sql, new { days }, commandTimeout: 0, cancellationToken: ct));

    /// <summary>
    /// Removes a prefix of the feed (every event up to the newest one older than the period), under
    /// the publishers' numbering lock, and records per feed how far it removed.
    /// </summary>
    private static async Task<long> TrimFeedAsync(NpgsqlConnection conn, int days, CancellationToken ct)
    {
        await using var tx = await conn.BeginTransactionAsync(ct);
        await conn.ExecuteLockAsync(tx, Publisher.FeedLock, ct);
        var through = await conn.ExecuteScalarAsync<long?>(new CommandDefinition(
            "SELECT max(position) FROM alert_events WHERE published_at < now() - make_interval(days => @days)", new { days }, tx, cancellationToken: ct));
        if (through is not { } p) return 0;
        await conn.ExecuteAsync(new CommandDefinition(RetentionSql.RecordTrim, new { through = p }, tx, commandTimeout: 0, cancellationToken: ct));
        await conn.ExecuteAsync(new CommandDefinition(RetentionSql.TrimMerchantFeeds, new { through = p }, tx, commandTimeout: 0, cancellationToken: ct));
        var events = await conn.ExecuteAsync(new CommandDefinition("DELETE FROM alert_events WHERE position <= @p", new { p }, tx, commandTimeout: 0, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return events;
    }

    /// <summary>
    /// Staging tables whose upload has finished or no longer exists (a crash between load and drop),
    /// except a direct load's second half that its request may still attach (it holds the upload's lock).
    /// </summary>
    internal static Task<long> DropLeftoverStagingAsync(NpgsqlConnection conn, CancellationToken ct) =>
        StagingLeftovers.DropAsync(conn, RetentionSql.LeftoverStaging, ct);
}
