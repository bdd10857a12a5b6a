namespace Logistics.Server.WhatIf;

/// <summary>A what-if's states, as what_if_runs.status stores them.</summary>
internal static class WhatIfStatus
{
    public const string Queued = "queued";
    public const string Running = "running";
    public const string Finished = "finished";
    public const string Failed = "failed";
}
