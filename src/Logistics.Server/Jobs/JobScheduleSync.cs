namespace Logistics.Server.Jobs;

/// <summary>Sets Hangfire's recurring jobs from job_schedules when a node starts (before its job server does).</summary>
internal sealed class JobScheduleSync(JobSchedules schedules) : IHostedService
{
    public Task StartAsync(CancellationToken ct) => schedules.SyncAsync(ct);

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
