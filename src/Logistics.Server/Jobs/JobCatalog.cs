using Quartz;

namespace Logistics.Server.Jobs;

/// <summary>Every job the service runs; features add theirs with <see cref="Add"/> at startup.</summary>
internal sealed class JobCatalog
{
    private readonly List<JobDefinition> _jobs = [];

    private readonly List<TriggerKey> _retired = [];

    public IReadOnlyList<JobDefinition> Jobs => _jobs;

    /// <summary>Triggers an earlier version scheduled and this one replaces; removed at start.</summary>
    public IReadOnlyList<TriggerKey> Retired => _retired;

    public JobCatalog Retire(TriggerKey trigger)
    {
        _retired.Add(trigger);
        return this;
    }

    public JobCatalog Add<TJob>(JobKey key, string description, string? defaultCron) where TJob : IJob
    {
        _jobs.Add(new JobDefinition(key, typeof(TJob), description, defaultCron));
        return this;
    }
}
