using Dapper;
using Hangfire;
using Logistics.Server.Jobs;
using Logistics.Server.Uploads;
using Npgsql;

namespace Logistics.Server.Capacity;

/// <summary>
/// The recurring sweep: loads files dropped in the inbox, and re-queues uploads whose load was
/// lost (a load that failed, or whose job was never enqueued) — up to Capacity:MaxLoadAttempts
/// starts; after that the upload is marked failed with the reason, so a load that can never finish
/// is not retried forever. A load whose job is still on its way (queued, running, or running on a
/// dead node and about to be taken over) is left alone. One sweep at a time in the whole cluster:
/// a sweep that finds another running ends at once.
/// </summary>
[Queue(JobQueues.Ingest)]
[AutomaticRetry(Attempts = 0)]   // the next sweep is the retry
internal sealed class CapacitySweepJob(CapacityInbox inbox, NpgsqlDataSource db, CapacityOptions options, IBackgroundJobClient jobs,
    JobStorage storage, ILogger<CapacitySweepJob> log)
{
    public const string RecurringId = "ingest.capacity-sweep";

    /// <summary>Every <paramref name="seconds"/> (Capacity:SweepSeconds) as a cron expression, the form ops edit.</summary>
    public static string CronEvery(int seconds) => seconds switch
    {
        < 60 => $"*/{Math.Max(1, seconds)} * * * * *",
        < 3600 => $"*/{seconds / 60} * * * *",
        _ => $"0 */{Math.Min(23, seconds / 3600)} * * *",
    };

    [JobDisplayName("Sweep the capacity inbox")]
    public async Task<string> RunAsync(CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        if (!await conn.ExecuteScalarAsync<bool>(new CommandDefinition("SELECT pg_try_advisory_lock(hashtextextended('capacity-sweep', 0))", cancellationToken: ct)))
            return "skipped: another sweep is running";
        try
        {
            await inbox.SweepAsync(ct);
            var pending = await conn.QueryAsync<(Guid Id, int Attempts, string? JobId)>(new CommandDefinition($"""
                SELECT id, load_attempts, job_id FROM uploads
                WHERE kind = '{UploadKinds.Capacity}' AND status IN ('{UploadStates.Queued}', '{UploadStates.Processing}') AND created_at < now() - interval '30 seconds'
                ORDER BY created_at LIMIT 100
                """, cancellationToken: ct));
            int requeued = 0, failed = 0;
            using var hangfire = storage.GetConnection();
            foreach (var (id, attempts, jobId) in pending)
            {
                if (jobId is not null && JobStates.IsOnItsWay(hangfire.GetStateData(jobId)?.Name)) continue;
                if (attempts >= options.MaxLoadAttempts)
                {
                    await CapacityLoader.FailAsync(conn, id, $"the load was started {attempts} times and never finished (see the failed jobs on /ops/jobs for why); upload the file again", ct);
                    log.LogWarning("capacity upload {Upload} failed: {Attempts} load attempts", id, attempts);
                    failed++;
                }
                else
                {
                    await CapacityLoadJob.EnqueueAsync(jobs, db, id, ct);
                    requeued++;
                }
            }
            return $"re-queued {requeued} loads, gave up on {failed}";
        }
        finally
        {
            await conn.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_unlock(hashtextextended('capacity-sweep', 0))", cancellationToken: CancellationToken.None));
        }
    }
}
