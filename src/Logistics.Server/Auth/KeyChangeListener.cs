using Npgsql;

namespace Logistics.Server.Auth;

/// <summary>
/// Listens for changes to api_keys (sql/0018's trigger) and makes the key cache forget the changed
/// prefix at once, so a revoked key stops working on every node within a second instead of when
/// its cache entry expires. Changes made while it was not listening are not known: the cache is
/// emptied each time listening starts again. It is not emptied when listening stops (the database
/// away): keys known a moment ago go on working from memory through an outage, as before, and the
/// cache's own 30 s expiry still bounds how stale an entry can be.
/// </summary>
internal sealed class KeyChangeListener(NpgsqlDataSource db, ApiKeyStore keys, ILogger<KeyChangeListener> log) : BackgroundService
{
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await using var conn = await db.OpenConnectionAsync(stop);
                conn.Notification += (_, e) => keys.Forget(e.Payload);
                await using (var listen = new NpgsqlCommand($"LISTEN {ApiKeyStore.Channel}", conn)) await listen.ExecuteNonQueryAsync(stop);
                keys.ForgetAll();
                while (!stop.IsCancellationRequested) await conn.WaitAsync(stop);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested) { return; }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogWarning("key change listener stopped, listening again shortly: {Message}", e.Message);
                try { await Task.Delay(RetryAfter, stop); }
                catch (OperationCanceledException) { return; }   // the host is stopping
            }
        }
    }
}
