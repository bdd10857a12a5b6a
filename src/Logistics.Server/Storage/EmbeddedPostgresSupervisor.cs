using Npgsql;

namespace Logistics.Server.Storage;

/// <summary>
/// Keeps the embedded cluster of a serving process running: when its postmaster is gone (killed,
/// crashed, stopped by hand) it is started again on the same port, as the same unprivileged user,
/// the connection pools are emptied so no request is handed a connection to the dead server, and
/// the sweeps for crash leftovers are told (<see cref="DatabaseRestarts"/>).
/// A start that fails (the dead server's backends still hold its shared memory for a moment, or
/// the port was taken) is tried again on the next check.
/// </summary>
internal sealed class EmbeddedPostgresSupervisor(EmbeddedPostgres pg, NpgsqlDataSource db, DatabaseRestarts restarts, ILogger<EmbeddedPostgresSupervisor> log) : BackgroundService
{
    private static readonly TimeSpan Every = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stop)
    {
        var (down, failures) = (false, 0);
        while (!stop.IsCancellationRequested)
        {
            try { await Task.Delay(Every, stop); }
            catch (OperationCanceledException) { return; }   // the host is stopping
            if (pg.IsPostmasterAlive()) { down = false; continue; }

            if (!down) log.LogWarning("the embedded PostgreSQL in {DataDirectory} is not running; starting it again", pg.DataDirectory);
            down = true;
            try
            {
                var clock = System.Diagnostics.Stopwatch.StartNew();
                if (await pg.StartIfStoppedAsync(stop))
                    log.LogWarning("the embedded PostgreSQL is running again on port {Port} (started in {Ms} ms)", pg.Port, clock.ElapsedMilliseconds);
                // Pooled connections to the dead server would each fail one request: drop them all.
                db.Clear();
                NpgsqlConnection.ClearAllPools();
                restarts.Signal();   // every session died: what they were doing is left over now
                (down, failures) = (false, 0);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested) { return; }
            catch (Exception e) when (e is EmbeddedPostgresException or TimeoutException or IOException)
            {
                // The first tries often fail while the dead server's backends exit: say so only if it lasts.
                var level = ++failures % 30 == 10 ? LogLevel.Warning : LogLevel.Debug;
                log.Log(level, "the embedded PostgreSQL did not start again ({Failures} tries so far): {Message}", failures, e.Message);
            }
        }
    }
}
