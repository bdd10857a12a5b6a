using Hangfire;
using Hangfire.Server;
using Logistics.Server.Jobs;
using Logistics.Server.Uploads;
using Npgsql;

namespace Logistics.Server.Ingest;

/// <summary>
/// Validates and loads one queued signals or outcomes upload (enqueued with its id and kind; the
/// Hangfire job id is stored on the upload). A transient database failure is retried with backoff
/// (5, 10, 20, 40, 80 s); anything else marks the upload rejected with the reason and is not
/// retried. Bad data is not a failure: it is a rejected upload.
/// </summary>
[Queue(JobQueues.Ingest)]
[AutomaticRetry(Attempts = 5, DelaysInSeconds = [5, 10, 20, 40, 80])]
internal sealed class IngestUploadJob(BulkIngest ingest, NpgsqlDataSource db)
{
    public static BulkFormat FormatOf(UploadKind kind) =>
        UploadCatalog.Of(kind).Pipeline is StagedPipeline staged ? staged.Format : throw new ArgumentException($"{UploadKinds.Name(kind)} is not a staged upload kind");

    /// <summary>Queues the load of an upload on the cluster (any worker node runs it) and records the job on the upload.</summary>
    public static async Task<string> EnqueueAsync(IBackgroundJobClient jobs, NpgsqlDataSource db, Guid upload, UploadKind kind, CancellationToken ct)
    {
        var name = UploadKinds.Name(kind);
        var id = jobs.Enqueue<IngestUploadJob>(j => j.RunAsync(upload, name, null, CancellationToken.None));
        await UploadJob.RecordAsync(db, upload, id, ct);
        return id;
    }

    /// <param name="kind">the kind's spelling: the job's arguments are stored, and name it in the dashboard, as text.</param>
    [JobDisplayName("Load {1} upload {0}")]
    public async Task<string> RunAsync(Guid upload, string kind, PerformContext? context, CancellationToken ct)
    {
        if (context is not null) await UploadJob.RecordAsync(db, upload, context.BackgroundJob.Id, ct);
        try
        {
            var status = await ingest.ProcessAsync(upload, FormatOf(UploadKinds.Parse(kind)), ct);
            return status.State == UploadState.Accepted
                ? $"{kind} upload {upload} accepted: {status.RowsTotal} rows"
                : $"{kind} upload {upload} rejected: {status.ErrorCount} bad lines";
        }
        catch (NpgsqlException e) when (e.IsTransient)
        {
            throw new TransientLoadException($"{kind} upload {upload}: the database is unavailable, retrying", e);
        }
        catch (PostgresException e)
        {
            // Not a passing fault (e.g. the staged rows are gone): retrying cannot help.
            await using var conn = await db.OpenConnectionAsync(CancellationToken.None);
            await UploadStore.FinishAsync(conn, null, upload, accepted: false, 0, 0,
                [new RowError(0, "", null, LineRule.LoadFailed, $"the upload could not be loaded: {e.MessageText}; send it again")], CancellationToken.None);
            return $"{kind} upload {upload} could not be loaded: {e.MessageText}";
        }
    }
}

/// <summary>A load that failed on a passing database fault; Hangfire retries it.</summary>
internal sealed class TransientLoadException(string message, Exception inner) : Exception(message, inner);
