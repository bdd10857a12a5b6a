namespace Logistics.Server.Planning;

/// <summary>
/// The one place run statuses get their spelling, the same word in plan_runs.status,
/// what_if_runs.status and the API. SQL in static strings names a status by its constant.
/// </summary>
public static class RunStatuses
{
    public const string Queued = "queued";
    public const string Running = "running";
    public const string Published = "published";
    public const string Unchanged = "unchanged";
    public const string Skipped = "skipped";
    public const string Finished = "finished";
    public const string Failed = "failed";

    /// <summary>A planning run's statuses (plan_runs), in the order the API document lists them.</summary>
    public static IReadOnlyList<RunStatus> PlanRun { get; } = [RunStatus.Running, RunStatus.Published, RunStatus.Unchanged, RunStatus.Failed, RunStatus.Skipped];

    /// <summary>A what-if's statuses (what_if_runs), in the order the API document lists them.</summary>
    public static IReadOnlyList<RunStatus> WhatIf { get; } = [RunStatus.Queued, RunStatus.Running, RunStatus.Finished, RunStatus.Failed];

    public static string Name(RunStatus status) => status switch
    {
        RunStatus.Queued => Queued,
        RunStatus.Running => Running,
        RunStatus.Published => Published,
        RunStatus.Unchanged => Unchanged,
        RunStatus.Skipped => Skipped,
        RunStatus.Finished => Finished,
        RunStatus.Failed => Failed,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    // Parse is Name read backwards, so the two cannot disagree.
    private static readonly Dictionary<string, RunStatus> ByName = Enum.GetValues<RunStatus>().ToDictionary(Name, StringComparer.Ordinal);

    /// <exception cref="FormatException">not a status's spelling.</exception>
    public static RunStatus Parse(string name) =>
        ByName.TryGetValue(name, out var status) ? status : throw new FormatException($"no run status '{name}'");
}
