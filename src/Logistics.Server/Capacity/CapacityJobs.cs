using Quartz;

namespace Logistics.Server.Capacity;

/// <summary>Loads one stored upload. Recoverable: if the node running it dies, another node runs it again.</summary>
internal sealed class CapacityLoadJob(CapacityLoader loader) : IJob
{
    public const string Group = "capacity";
    public const string UploadKey = "upload";

    public static JobKey KeyOf(Guid upload) => new($"load-{upload}", Group);

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken ct)
    {
        var id = Guid.Parse(context.MergedJobDataMap.GetString(UploadKey)!);
        await loader.LoadAsync(id, ct);
    }

    /// <summary>Puts the load of <paramref name="upload"/> into the shared store; any worker picks it up.</summary>
    public static async Task ScheduleAsync(IScheduler scheduler, Guid upload, CancellationToken ct)
    {
        var job = JobBuilder.Create<CapacityLoadJob>()
            .WithIdentity(KeyOf(upload))
            .UsingJobData(UploadKey, upload.ToString())
            .RequestRecovery()
            .Build();
        var trigger = TriggerBuilder.Create().ForJob(job).StartNow().Build();
        try { await scheduler.ScheduleJob(job, trigger, default, ct); }
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
    public static readonly JobKey Key = new("sweep", CapacityLoadJob.Group);

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
            if (await context.Scheduler.Exists(CapacityLoadJob.KeyOf(id), ct)) continue;   // on its way, or running
            if (attempts >= options.MaxLoadAttempts)
            {
                await CapacityLoader.FailAsync(conn, id, $"the load was started {attempts} times and never finished (see the job history for why); upload the file again", ct);
                log.LogWarning("capacity upload {Upload} failed: {Attempts} load attempts", id, attempts);
            }
            else await CapacityLoadJob.ScheduleAsync(context.Scheduler, id, ct);
        }
    }
}
