using Logistics.Server.Storage;

namespace Logistics.Server.Capacity;

/// <summary>Limits and places of the capacity intake; section "Capacity" (env: Capacity__MaxParcels, ...). Its body limit, Capacity__MaxBodyBytes, is the upload catalog's (<see cref="CapacityPipeline"/>).</summary>
internal sealed record CapacityOptions
{
    /// <summary>Sanity ceiling for one hour of one node: a larger figure is a typo, not a capacity.</summary>
    public int MaxParcels { get; init; } = 1_000_000;
    /// <summary>How many bad lines an upload keeps (the count is always complete).</summary>
    public int MaxStoredErrors { get; init; } = 1000;
    /// <summary>Inbox root; one folder per carrier code below it. Default &lt;data dir&gt;/inbox/capacity.</summary>
    public string? Inbox { get; init; }
    /// <summary>How often the recurring job sweeps the inbox and re-queues stranded uploads.</summary>
    public int SweepSeconds { get; init; } = 30;
    /// <summary>How many times a load may be started before the sweep marks the upload failed instead of re-queuing it.</summary>
    public int MaxLoadAttempts { get; init; } = 5;
    /// <summary>
    /// An upload of at most this many hours is loaded by its own request on a node that runs jobs
    /// (the response is then already accepted or rejected); a larger one is left to the background
    /// job. The default is what the request holds in memory and sends sorted anyway (StagingWriter),
    /// whose load takes about as long again as its receipt. 0: every load goes to the job.
    /// </summary>
    public long LoadInRequestMaxHours { get; init; } = StagingWriter.SortHours;

    public string InboxRoot => Inbox is { Length: > 0 } dir ? Path.GetFullPath(dir) : Path.Combine(Database.DataRoot, "inbox", "capacity");

    public static CapacityOptions From(IConfiguration config) =>
        config.GetSection("Capacity").Get<CapacityOptions>() ?? new CapacityOptions();

    /// <summary>For the command line: environment variables only (Capacity__MaxParcels=...).</summary>
    public static CapacityOptions FromEnvironment() =>
        From(new ConfigurationBuilder().AddEnvironmentVariables().Build());
}
