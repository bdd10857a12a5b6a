using Quartz;

namespace Logistics.Server.Jobs;

/// <summary>Every job the service runs; features add theirs with <see cref="Add"/> at startup.</summary>
internal sealed class JobCatalog
{
    private readonly List<JobDefinition> _jobs = [];

    public IReadOnlyList<JobDefinition> Jobs => _jobs;

    public JobCatalog Add<TJob>(JobKey key, string description, string? defaultCron) where TJob : IJob
    {
        _jobs.Add(new JobDefinition(key, typeof(TJob), description, defaultCron));
        return this;
    }
}
