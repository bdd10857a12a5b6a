using Hangfire;
using Hangfire.Server;
using Logistics.Server.Jobs;
using Logistics.Server.Uploads;
using Npgsql;

namespace Logistics.Server.Capacity;

/// <summary>
/// Loads one staged upload; enqueued with the upload's id, its Hangfire job id stored on the upload.
/// Not retried by Hangfire: the sweep re-queues a load that failed (up to Capacity:MaxLoadAttempts
/// starts). If the node running it dies, another node takes the job over (sliding invisibility).
/// </summary>
[Queue(JobQueues.Ingest)]
[AutomaticRetry(Attempts = 0)]
internal sealed class CapacityLoadJob(CapacityLoader loader, NpgsqlDataSource db)
{
    [JobDisplayName("Load capacity upload {0}")]
    public async Task<string> RunAsync(Guid upload, PerformContext? context, CancellationToken ct)
    {
        if (context is not null) await UploadJob.RecordAsync(db, upload, context.BackgroundJob.Id, ct);
        var status = await loader.LoadAsync(upload, ct);
        return $"{status.Status}: {status.RowsApplied ?? 0} hourly buckets, {status.ErrorCount} bad lines";
    }

    /// <summary>Puts the load of <paramref name="upload"/> into the shared store (any worker picks it up) and records the job on the upload.</summary>
    public static async Task<string> EnqueueAsync(IBackgroundJobClient jobs, NpgsqlDataSource db, Guid upload, CancellationToken ct)
    {
        var id = jobs.Enqueue<CapacityLoadJob>(j => j.RunAsync(upload, null, CancellationToken.None));
        await UploadJob.RecordAsync(db, upload, id, ct);
        return id;
    }
}
