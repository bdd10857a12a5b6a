using Logistics.Server.Jobs;

namespace Logistics.Server.Capacity;

/// <summary>How many hours an upload's request may load itself: none on a node that runs no jobs (an api node only schedules).</summary>
internal sealed record CapacityRequestLoad(long MaxHours);

internal static class CapacitySetup
{
    public static IServiceCollection AddCapacity(this IServiceCollection services, IConfiguration config, bool runsJobs)
    {
        var options = CapacityOptions.From(config);
        services.AddSingleton(options);
        services.AddSingleton(new CapacityRequestLoad(runsJobs ? options.LoadInRequestMaxHours : 0));
        services.AddSingleton<CapacityLoader>();
        services.AddSingleton<CapacityInbox>();
        services.AddTransient<CapacityLoadJob>();
        services.AddTransient<CapacitySweepJob>();
        services.AddRecurringJob<CapacitySweepJob>(CapacitySweepJob.RecurringId,
            "Loads files dropped in the capacity inbox and re-queues stranded loads", CapacitySweepJob.CronEvery(options.SweepSeconds),
            j => j.RunAsync(CancellationToken.None));
        return services;
    }
}
