using Quartz;

namespace Logistics.Server.Jobs;

/// <summary>
/// Stores every catalogued job (durable, replaced so a deploy updates its description) and its
/// default trigger when none exists. Runs on every node; the first one wins the race.
/// </summary>
internal sealed class JobCatalogInitializer(JobCatalog catalog, ISchedulerFactory schedulers, ILogger<JobCatalogInitializer> log) : IHostedService
{
    public async Task StartAsync(CancellationToken ct)
    {
        var scheduler = await schedulers.GetScheduler(ct);
        foreach (var retired in catalog.Retired)
            if (await scheduler.UnscheduleJob(retired, ct)) log.LogInformation("removed the retired trigger {Trigger}", retired);
        foreach (var job in catalog.Jobs)
        {
            // RequestRecovery: a firing lost with its node (kill -9) is re-run by another node.
            var detail = JobBuilder.Create().OfType(job.JobType).WithIdentity(job.Key).WithDescription(job.Description)
                .StoreDurably().RequestRecovery().Build();
            await scheduler.AddJob(detail, AddJobOptions.Replacing, ct);
            if (job.DefaultCron is null || await scheduler.Exists(job.DefaultTriggerKey, ct)) continue;
            var trigger = TriggerBuilder.Create()
                .WithIdentity(job.DefaultTriggerKey)
                .ForJob(job.Key)
                .WithDescription("default schedule")
                .WithCronSchedule(job.DefaultCron, c => c.InTimeZone(TimeZoneInfo.Utc))
                .Build();
            try
            {
                await scheduler.ScheduleJob(trigger, new ScheduleJobOptions(), ct);
                log.LogInformation("scheduled {Job} with the default {Cron}", job.Key, job.DefaultCron);
            }
            catch (ObjectAlreadyExistsException) { }   // another node scheduled it a moment ago
        }
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
