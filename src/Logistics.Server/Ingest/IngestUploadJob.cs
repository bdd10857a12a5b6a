using Logistics.Server.Demand;
using Logistics.Server.Jobs;
using Npgsql;
using Quartz;

namespace Logistics.Server.Ingest;

/// <summary>
/// Validates and loads one queued upload (its id and kind ride on the trigger). A transient
/// database failure is retried with backoff; anything else marks the upload rejected with the
/// reason and is not retried. Bad data is not a failure: it is a rejected upload.
/// </summary>
[RetryPolicy(5, "00:00:05", 2.0, MaxDelay = "00:05:00", Jitter = 0.2)]
internal sealed class IngestUploadJob(BulkIngest ingest, NpgsqlDataSource db) : IJob
{
    public static readonly JobKey Key = new("load-upload", JobGroups.Ingest);

    public static BulkFormat FormatOf(string kind) => kind switch
    {
        "signals" => SignalsFormat.Instance,
        "outcomes" => OutcomesFormat.Instance,
        _ => throw new ArgumentException($"no bulk format '{kind}'"),
    };

    /// <summary>Queues the load of an upload on the cluster; any worker node runs it.</summary>
    public static async Task EnqueueAsync(ISchedulerFactory schedulers, Guid upload, string kind, CancellationToken ct)
    {
        var scheduler = await schedulers.GetScheduler(ct);
        var trigger = TriggerBuilder.Create()
            .WithIdentity($"upload-{upload:N}", JobGroups.Ingest)
            .ForJob(Key)
            .WithDescription($"load {kind} upload {upload}")
            .UsingJobData("upload", upload.ToString())
            .UsingJobData("kind", kind)
            .StartNow()
            .Build();
        await scheduler.ScheduleJob(trigger, new ScheduleJobOptions(), ct);
    }

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken ct)
    {
        var data = context.MergedJobDataMap;
        var upload = Guid.Parse(data.GetString("upload")!);
        var kind = data.GetString("kind")!;
        try
        {
            var status = await ingest.ProcessAsync(upload, FormatOf(kind), ct);
            context.Result = status.Status == "accepted"
                ? JobRunReport.Succeeded($"{kind} upload {upload} accepted: {status.RowsTotal} rows").With("rows", status.RowsTotal ?? 0)
                : JobRunReport.Succeeded($"{kind} upload {upload} rejected: {status.ErrorCount} bad lines").With("errors", status.ErrorCount);
        }
        catch (NpgsqlException e) when (e.IsTransient)
        {
            throw new JobExecutionException($"{kind} upload {upload}: the database is unavailable, retrying", e);
        }
        catch (PostgresException e)
        {
            // Not a passing fault (e.g. the staged rows are gone): retrying cannot help.
            await using var conn = await db.OpenConnectionAsync(CancellationToken.None);
            await Uploads.UploadStore.FinishAsync(conn, null, upload, accepted: false, 0, 0,
                [new RowError(0, "", null, $"the upload could not be loaded: {e.MessageText}; send it again")], CancellationToken.None);
            context.Result = JobRunReport.Failed($"{kind} upload {upload}: {e.MessageText}");
        }
    }
}
