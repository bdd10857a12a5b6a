namespace Logistics.Server.Jobs;

/// <summary>
/// Sets Hangfire's recurring jobs from job_schedules when a node starts (before its job server does).
/// A node killed while it held one of Hangfire's recurring-job locks leaves that lock behind until
/// it is a lock timeout old, and a start that waited for it failed the whole host: the first attempt
/// is waited for only <see cref="StartWait"/>, and a failed one is retried in the background.
/// </summary>
internal sealed class JobScheduleSync(JobSchedules schedules, ILogger<JobScheduleSync> log) : IHostedService
{
    public static readonly TimeSpan StartWait = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan RetryEvery = TimeSpan.FromSeconds(5);

    // Not disposed: the host may stop a service twice (a signal, then the command's own stop).
    private readonly CancellationTokenSource _stopping = new();
    private Task _sync = Task.CompletedTask;

    public async Task StartAsync(CancellationToken ct)
    {
        _sync = SyncUntilDoneAsync(_stopping.Token);
        try { await _sync.WaitAsync(StartWait, ct); }
        catch (TimeoutException)
        {
            log.LogWarning("the job schedules are not synced after {Seconds} s (a lock left by a node that died?); starting anyway, the sync goes on in the background", StartWait.TotalSeconds);
        }
    }

    private async Task SyncUntilDoneAsync(CancellationToken ct)
    {
        await Task.Yield();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await schedules.SyncAsync(ct);
                if (attempt > 1) log.LogInformation("the job schedules are synced (attempt {Attempt})", attempt);
                return;
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                log.LogWarning("syncing the job schedules failed ({Error}); retrying in {Seconds} s", e.Message, RetryEvery.TotalSeconds);
            }
            try { await Task.Delay(RetryEvery, ct); }
            catch (OperationCanceledException) { return; }
        }
    }

    public async Task StopAsync(CancellationToken ct)
    {
        await _stopping.CancelAsync();
        try { await _sync.WaitAsync(ct); }
        catch (OperationCanceledException) { }
    }
}
