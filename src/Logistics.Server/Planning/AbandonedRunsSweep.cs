using Npgsql;

namespace Logistics.Server.Planning;

/// <summary>
/// On start, every half minute after, and as soon as the database was restarted under this
/// process, runs left running by a node that died become failed with the reason
/// (<see cref="PlanningRun.FailAbandonedAsync"/>): the dashboard never shows a run going on a dead
/// node, whether or not its campaign is ever planned again.
/// </summary>
internal sealed class AbandonedRunsSweep(NpgsqlDataSource db, Storage.DatabaseRestarts restarts, ILogger<AbandonedRunsSweep> log) : BackgroundService
{
    private static readonly TimeSpan Every = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var restarted = restarts.Next;
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
            // A database restarted under us ended every run's session: look at once.
            await Task.WhenAny(Task.Delay(Every, stop), restarted);   // a stopping host ends the loop
        }
    }
}
