using Logistics.Server.Storage;
using Npgsql;

namespace Logistics.Server.Maintenance;

/// <summary>
/// On start, and after the database was restarted under this process, drops the staging tables of
/// loads that crashed (<see cref="StagingLeftovers"/>): a node killed during a direct
/// capacity load's ATTACH PARTITION leaves its second half, which would otherwise wait up to a day
/// for the retention job. Until the database answers, it tries again every few seconds.
/// </summary>
internal sealed class StagingLeftoversSweep(NpgsqlDataSource db, DatabaseRestarts restarts, ILogger<StagingLeftoversSweep> log) : BackgroundService
{
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var restarted = restarts.Next;
            try
            {
                await using var conn = await db.OpenConnectionAsync(stop);
                var dropped = await StagingLeftovers.DropAsync(conn, stop);
                if (dropped > 0) log.LogWarning("{Count} staging tables left by crashed loads were dropped", dropped);
                await restarted.WaitAsync(stop);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested) { return; }
            catch (Exception e) when (e is NpgsqlException or TimeoutException or System.Net.Sockets.SocketException)
            {
                log.LogDebug("staging leftovers not looked for, the database is away: {Message}", e.Message);
                try { await Task.Delay(RetryAfter, stop); }
                catch (OperationCanceledException) { return; }   // the host is stopping
            }
        }
    }
}
