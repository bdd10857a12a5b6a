using Logistics.Server.Jobs;
using Logistics.Server.Maintenance;

namespace Logistics.Server.Planning;

internal static class PlanningSetup
{
    /// <summary>The planning run and its job, recurring every 15 minutes (UTC; the job decides per campaign, by its own time zone, what is due).</summary>
    public static IServiceCollection AddPlanning(this IServiceCollection services)
    {
        // Alerts end by the service's clock (LOGISTICS_CLOCK); the job system and the rest keep the system's.
        services.AddSingleton(sp => new PlanningRun(sp.GetRequiredService<Npgsql.NpgsqlDataSource>(), Infrastructure.ServiceClock.Current,
            sp.GetRequiredService<ILogger<PlanningRun>>()));
        services.AddTransient<PlanningJob>();
        services.AddHostedService<AbandonedRunsSweep>();
        services.AddRetentionStep(SupersededRunRows.For("plan_node_loads"));
        services.AddRetentionStep(SupersededRunRows.For("plan_lane_loads"));
        services.AddRetentionStep(RunRetention.Step);
        services.AddRecurringJob<PlanningJob>(PlanningJob.RecurringId,
            "Plans every active campaign that is due: forecast, shave the peak, alerts, publish", PlanningJob.DefaultCron,
            j => j.RunAsync(null, PlanTrigger.Schedule, CancellationToken.None));
        return services;
    }
}
