using Hangfire;
using Logistics.Server.Jobs;

namespace Logistics.Server.WhatIf;

/// <summary>
/// Runs one what-if on a worker of the planning queue. No retries: a failure is recorded on the
/// what-if with its reason, and ops ask again; a dry run has nothing to finish on anyone's behalf.
/// </summary>
[Queue(JobQueues.Planning)]
[AutomaticRetry(Attempts = 0)]
internal sealed class WhatIfJob(WhatIfRun run)
{
    public static string Enqueue(IBackgroundJobClient jobs, long id) =>
        jobs.Enqueue<WhatIfJob>(j => j.RunAsync(id, CancellationToken.None));

    [JobDisplayName("What-if {0}")]
    public Task<string> RunAsync(long id, CancellationToken ct) => run.RunAsync(id, ct);
}
