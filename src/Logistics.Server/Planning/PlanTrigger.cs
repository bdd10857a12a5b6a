namespace Logistics.Server.Planning;

/// <summary>What started a planning job: its recurring schedule (plans a campaign only when due) or a person (always plans).</summary>
internal enum PlanTrigger
{
    Schedule,
    Manual,
}

internal static class PlanTriggers
{
    /// <summary>As plan_runs.trigger records it.</summary>
    public static string Text(this PlanTrigger trigger) => trigger switch
    {
        PlanTrigger.Schedule => "schedule",
        PlanTrigger.Manual => "manual",
        _ => throw new ArgumentOutOfRangeException(nameof(trigger)),
    };
}
