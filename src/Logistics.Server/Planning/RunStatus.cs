namespace Logistics.Server.Planning;

/// <summary>
/// Where a planning run or a what-if is. One lifecycle for both (queued, running, an outcome); the
/// outcomes differ: a planning run (plan_runs) ends published, unchanged, skipped or failed, a
/// what-if (what_if_runs) finished or failed. Spelled by <see cref="RunStatuses"/> alone.
/// </summary>
public enum RunStatus
{
    /// <summary>Its job waits for a worker (a what-if's row, or the answer to a queued planning run).</summary>
    Queued,
    Running,
    /// <summary>A planning run whose plan and alerts merchants now see.</summary>
    Published,
    /// <summary>A planning run whose inputs equal the last published run's: nothing new to publish.</summary>
    Unchanged,
    /// <summary>A planning run that found another run of its campaign going.</summary>
    Skipped,
    /// <summary>A what-if whose diff is ready.</summary>
    Finished,
    Failed,
}
