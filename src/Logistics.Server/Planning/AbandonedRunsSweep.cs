using Npgsql;

namespace Logistics.Server.Planning;

/// <summary>
/// On start, and every half minute after, runs left 'running' by a node that died become 'failed'
/// with the reason (<see cref="PlanningRun.FailAbandonedAsync"/>): the dashboard never shows a run
/// going on a dead node, whether or not its campaign is ever planned again.
/// </summary>
internal sealed class AbandonedRunsSweep(NpgsqlDataSource db, ILogger<AbandonedRunsSweep> log) : BackgroundService
{
    private static readonly TimeSpan Every = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await using var conn = await db.OpenConnectionAsync(stop);
                var failed = await PlanningRun.FailAbandonedAsync(conn, stop);
                if (failed > 0) log.LogWarning("{Count} planning runs left running by a node that stopped were marked failed", failed);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested) { return; }
            catch (Exception e) when (e is NpgsqlException or TimeoutException or System.Net.Sockets.SocketException)
            {
                log.LogDebug("abandoned-runs sweep skipped, the database is away: {Message}", e.Message);
            }
            try { await Task.Delay(Every, stop); }
            catch (OperationCanceledException) { return; }   // the host is stopping
        }
    }
}
