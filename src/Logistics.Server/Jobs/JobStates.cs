using Hangfire.States;

namespace Logistics.Server.Jobs;

/// <summary>Hangfire's state names, grouped the way our code asks about a job.</summary>
internal static class JobStates
{
    /// <summary>States in which a job is still on its way: it will run, or is running (or will be taken over when its server died).</summary>
    public static readonly IReadOnlySet<string> OnItsWay = new HashSet<string>(StringComparer.Ordinal)
    {
        EnqueuedState.StateName, ProcessingState.StateName, ScheduledState.StateName, AwaitingState.StateName,
    };

    public static bool IsOnItsWay(string? state) => state is not null && OnItsWay.Contains(state);
}
