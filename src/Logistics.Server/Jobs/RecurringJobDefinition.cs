using System.Linq.Expressions;
using Hangfire.Common;

namespace Logistics.Server.Jobs;

/// <summary>
/// A recurring job a feature declares (<see cref="RecurringJobRegistration.AddRecurringJob{TJob}"/>):
/// its Hangfire id, what it does, and the schedule it starts with. The default is stored once; after
/// that the schedule belongs to ops (the dashboard's Schedules page), deploys included.
/// </summary>
internal sealed record RecurringJobDefinition(string Id, string Description, string DefaultCron, Job Job)
{
    /// <summary>Recurring schedules are in UTC; a job that plans by a campaign's local days (planning) decides that itself.</summary>
    public static readonly TimeZoneInfo TimeZone = TimeZoneInfo.Utc;
}

internal static class RecurringJobRegistration
{
    public static IServiceCollection AddRecurringJob<TJob>(this IServiceCollection services, string id, string description, string defaultCron,
        Expression<Func<TJob, Task>> call) where TJob : class
    {
        if (!CronSchedule.TryParse(defaultCron, out _, out var error))
            throw new ArgumentException($"the default schedule of {id} is not a valid cron expression: {error}", nameof(defaultCron));
        services.AddSingleton(new RecurringJobDefinition(id, description, defaultCron, Job.FromExpression(call)));
        return services;
    }
}
