using System.Reflection;
using Hangfire;
using Logistics.Server.Jobs;
using Microsoft.Extensions.DependencyInjection;
using Logistics.Server.Tests.Support;

namespace Logistics.Server.Tests.Jobs;

/// <summary>Every job names a queue a worker listens to and its own retry policy; each feature declares its recurring jobs.</summary>
public sealed class JobDeclarationTests(TestHost host) : IClassFixture<TestHost>
{
    private static readonly Type[] JobTypes = typeof(JobQueues).Assembly.GetTypes()
        .Where(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly).Any(m => m.GetCustomAttribute<JobDisplayNameAttribute>() is not null))
        .ToArray();

    [Fact]
    public void Every_job_has_a_queue_a_worker_listens_to_and_its_own_retry_policy_never_the_default_ten()
    {
        Assert.Equal(6, JobTypes.Length);   // capacity load and sweep, signals/outcomes load, planning, what-if, retention
        foreach (var type in JobTypes)
        {
            var queue = type.GetCustomAttribute<QueueAttribute>();
            Assert.True(queue is not null && JobQueues.All.Contains(queue.Queue), $"{type.Name} has no queue of {string.Join(", ", JobQueues.All)}");
            var retry = type.GetCustomAttribute<AutomaticRetryAttribute>();
            Assert.True(retry is not null && retry.Attempts <= 5, $"{type.Name} does not declare its retries");
        }
        Assert.DoesNotContain(GlobalJobFilters.Filters, f => f.Instance is AutomaticRetryAttribute { Attempts: > 0 });
    }

    [Fact]
    public void The_recurring_jobs_are_declared_by_their_features_with_valid_utc_defaults()
    {
        var declared = host.Services.GetServices<RecurringJobDefinition>().OrderBy(d => d.Id, StringComparer.Ordinal).ToList();
        Assert.Equal(["ingest.capacity-sweep", "maintenance.retention", "planning.plan"], declared.Select(d => d.Id));
        Assert.All(declared, d => Assert.True(CronSchedule.TryParse(d.DefaultCron, out _, out _), d.DefaultCron));
    }
}
