using Quartz;

namespace Logistics.Server.Jobs;

/// <summary>
/// A job the service has, with its default recurring trigger. The default is scheduled only when
/// the trigger does not exist yet, so a schedule ops changed survives restarts and deploys.
/// </summary>
internal sealed record JobDefinition(JobKey Key, Type JobType, string Description, string? DefaultCron)
{
    public TriggerKey DefaultTriggerKey => new($"{Key.Name}.schedule", Key.Group);
}

internal static class JobGroups
{
    public const string Maintenance = "maintenance";
    public const string Ingest = "ingest";
    public const string Planning = "planning";
}
