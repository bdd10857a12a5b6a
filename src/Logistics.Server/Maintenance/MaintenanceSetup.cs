using Logistics.Server.Jobs;

namespace Logistics.Server.Maintenance;

internal static class MaintenanceSetup
{
    public static IServiceCollection AddMaintenance(this IServiceCollection services)
    {
        services.AddTransient<RetentionJob>();
        services.AddRetentionStep(new StagingRetention());
        services.AddHostedService<StagingLeftoversSweep>();
        services.AddRecurringJob<RetentionJob>(RetentionJob.RecurringId,
            "Removes what is older than the retention period: old feed events, superseded runs and their windows, cleared alerts, rejected uploads",
            RetentionJob.DefaultCron, j => j.RunAsync(CancellationToken.None));
        return services;
    }
}
