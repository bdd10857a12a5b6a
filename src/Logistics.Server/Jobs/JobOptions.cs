namespace Logistics.Server.Jobs;

/// <summary>How the Hangfire store and servers are tuned (section "Logistics").</summary>
internal sealed record JobOptions
{
    /// <summary>
    /// A fetched job's row is refreshed while it runs (sliding invisibility); when its server dies
    /// (kill -9), another takes it over once the row is this old. Never run without sliding: a job
    /// longer than the timeout would be fetched again and again.
    /// </summary>
    public double InvisibilitySeconds { get; init; } = 30;

    public TimeSpan InvisibilityTimeout => TimeSpan.FromSeconds(InvisibilitySeconds);

    /// <summary>
    /// New jobs wake a worker at once (LISTEN/NOTIFY); the poll only finds jobs whose server died and
    /// covers a lost notification.
    /// </summary>
    public double JobPollSeconds { get; init; } = 2;

    /// <summary>How often a worker moves due scheduled jobs and recurring jobs to their queues (sub-minute crons need this short).</summary>
    public double SchedulePollSeconds { get; init; } = 1;

    /// <summary>Jobs one worker process runs at once.</summary>
    public int JobWorkers { get; init; } = Math.Max(2, Environment.ProcessorCount);

    /// <summary>This node's name in the Hangfire servers list and in plan_runs; the host's name when unset.</summary>
    public string? NodeName { get; init; }

    public string Node => NodeName is { Length: > 0 } n ? n : Environment.MachineName;

    public static JobOptions From(IConfiguration config) => config.GetSection("Logistics").Get<JobOptions>() ?? new JobOptions();
}
