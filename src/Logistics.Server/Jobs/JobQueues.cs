namespace Logistics.Server.Jobs;

/// <summary>
/// The Hangfire queues. Every job names one with <c>[Queue]</c>; `serve --role worker|all` listens
/// to exactly these, so a job without one (Hangfire's "default") would never run.
/// </summary>
internal static class JobQueues
{
    public const string Ingest = "ingest";
    public const string Planning = "planning";
    public const string Maintenance = "maintenance";

    public static readonly string[] All = [Ingest, Planning, Maintenance];
}
