using Quartz;

namespace Logistics.Server.Capacity;

internal static class CapacitySetup
{
    public static IServiceCollection AddCapacity(this IServiceCollection services, IConfiguration config)
    {
        services.AddSingleton(CapacityOptions.From(config));
        services.AddSingleton<CapacityLoader>();
        services.AddSingleton<CapacityInbox>();
        services.AddTransient<CapacityLoadJob>();
        services.AddTransient<CapacitySweepJob>();
        services.AddHostedService<CapacitySweepSchedule>();
        return services;
    }
}

/// <summary>
/// Puts the recurring sweep into the shared store at start (any role may: scheduling is not
/// running). Replacing it keeps one trigger in the cluster with the configured interval.
/// </summary>
internal sealed class CapacitySweepSchedule(ISchedulerFactory schedulers, CapacityOptions options) : IHostedService
{
    public async Task StartAsync(CancellationToken ct)
    {
        var scheduler = await schedulers.GetScheduler(ct);
        var job = JobBuilder.Create<CapacitySweepJob>().WithIdentity(CapacitySweepJob.Key).StoreDurably().Build();
        var trigger = TriggerBuilder.Create().WithIdentity("sweep", CapacityLoadJob.Group).ForJob(job)
            .StartNow()
            .WithSimpleSchedule(s => s.WithInterval(TimeSpan.FromSeconds(Math.Max(1, options.SweepSeconds))).RepeatForever())
            .Build();
        await scheduler.ScheduleJob(job, [trigger], ScheduleJobOptions.Replacing, ct);
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
