using Logistics.Server.Jobs;
using Quartz;

namespace Logistics.Server.Capacity;

/// <summary>
/// Loads one staged upload; one durable job in the catalog, one trigger per upload (the upload id in
/// its data). Recoverable: if the node running it dies, another node runs it again.
/// </summary>
internal sealed class CapacityLoadJob(CapacityLoader loader) : IJob
{
    public const string UploadKey = "upload";
    public static readonly JobKey Key = new("load-capacity", JobGroups.Ingest);

    public static TriggerKey TriggerOf(Guid upload) => new($"capacity-{upload}", JobGroups.Ingest);

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken ct)
    {
        var id = Guid.Parse(context.MergedJobDataMap.GetString(UploadKey)!);
        await loader.LoadAsync(id, ct);
    }

    /// <summary>Puts the load of <paramref name="upload"/> into the shared store; any worker picks it up.</summary>
    public static async Task ScheduleAsync(IScheduler scheduler, Guid upload, CancellationToken ct)
    {
        var trigger = TriggerBuilder.Create().WithIdentity(TriggerOf(upload)).ForJob(Key)
            .UsingJobData(UploadKey, upload.ToString())
            .StartNow().Build();
        try { await scheduler.ScheduleJob(trigger, new ScheduleJobOptions(), ct); }
        catch (ObjectAlreadyExistsException) { }   // already on its way
    }
}

/// <summary>
/// The recurring sweep: loads files dropped in the inbox, and re-queues uploads whose load was
/// lost (a load that failed on the database, or whose node died) — up to Capacity:MaxLoadAttempts
/// starts; after that the upload is marked failed with the reason, so a load that can never finish
/// is not retried forever. One sweep at a time in the whole cluster.
/// </summary>
[DisallowConcurrentExecution]
internal sealed class CapacitySweepJob(CapacityInbox inbox, Npgsql.NpgsqlDataSource db, CapacityOptions options, ILogger<CapacitySweepJob> log) : IJob
{
    public static readonly JobKey Key = new("capacity-sweep", JobGroups.Ingest);

    /// <summary>Every <paramref name="seconds"/> (Capacity:SweepSeconds) as a cron expression, the form ops edit.</summary>
    public static string CronEvery(int seconds) => seconds switch
    {
        < 60 => $"0/{Math.Max(1, seconds)} * * * * ?",
        < 3600 => $"0 0/{seconds / 60} * * * ?",
        _ => $"0 0 0/{Math.Min(23, seconds / 3600)} * * ?",
    };

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken ct)
    {
        await inbox.SweepAsync(ct);
        await using var conn = await db.OpenConnectionAsync(ct);
        var pending = await Dapper.SqlMapper.QueryAsync<(Guid Id, int Attempts)>(conn, new Dapper.CommandDefinition("""
            SELECT id, load_attempts FROM uploads
            WHERE kind = 'capacity' AND status IN ('queued', 'processing') AND created_at < now() - interval '30 seconds'
            ORDER BY created_at LIMIT 100
            """, cancellationToken: ct));
        foreach (var (id, attempts) in pending)
        {
            if (await context.Scheduler.Exists(CapacityLoadJob.TriggerOf(id), ct)) continue;   // on its way, or running
            if (attempts >= options.MaxLoadAttempts)
            {
                await CapacityLoader.FailAsync(conn, id, $"the load was started {attempts} times and never finished (see the job history for why); upload the file again", ct);
                log.LogWarning("capacity upload {Upload} failed: {Attempts} load attempts", id, attempts);
            }
            else await CapacityLoadJob.ScheduleAsync(context.Scheduler, id, ct);
        }
    }
}
