namespace Logistics.Server.Jobs;

/// <summary>One recurring job's schedule as ops left it (table job_schedules): the truth Hangfire's recurring jobs are set from.</summary>
internal sealed record JobSchedule(string JobId, string Cron, string TimeZone, bool Paused, DateTime ChangedAt, string ChangedBy);

/// <summary>Who last set a schedule, when it was not an ops key.</summary>
internal static class ScheduleAuthors
{
    /// <summary>The feature's default, stored because the schedule was missing.</summary>
    public const string Default = "default";
    /// <summary>Reset to the default because the stored cron could not be read.</summary>
    public const string Repaired = "default (the stored cron was not valid)";
}
