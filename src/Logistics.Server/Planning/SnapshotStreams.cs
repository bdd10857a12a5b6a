using System.Data;
using System.Diagnostics;
using System.Globalization;
using Dapper;
using Npgsql;

namespace Logistics.Server.Planning;

/// <summary>
/// The snapshot's large reads (each demand table, the capacity), each on a connection of its own
/// that imports the snapshot's transaction (pg_export_snapshot), so every read sees exactly what
/// that transaction sees. At most <c>parallel</c> run at once: PostgreSQL producing the rows is most
/// of a read, and two backends keep both cores of a small machine busy.
/// </summary>
internal sealed class SnapshotStreams(NpgsqlDataSource db, string snapshot, int parallel, IProgress<string>? progress, CancellationToken ct) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(parallel);
    private readonly Lock _report = new();

    /// <summary>Runs <paramref name="read"/> in a transaction on the shared snapshot, then reports <paramref name="done"/>'s words and the time it took.</summary>
    public async Task<T> ReadAsync<T>(Func<NpgsqlConnection, NpgsqlTransaction, Task<T>> read, Func<T, string> done)
    {
        await _gate.WaitAsync(ct);
        try
        {
            var watch = Stopwatch.StartNew();
            await using var conn = await db.OpenConnectionAsync(ct);
            await using var tx = await conn.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
            // The snapshot must be set before the transaction's first query; the id is PostgreSQL's own (COPY and SET take no parameters).
            await conn.ExecuteAsync(new CommandDefinition(
                $"SET TRANSACTION SNAPSHOT '{snapshot}'; SET TRANSACTION READ ONLY; SET LOCAL jit = off", transaction: tx, cancellationToken: ct));
            var result = await read(conn, tx);
            await tx.CommitAsync(ct);
            // Streams finish on different threads; the caller's progress need not be thread-safe.
            lock (_report) progress?.Report(string.Create(CultureInfo.InvariantCulture, $"snapshot: {done(result)} in {watch.Elapsed.TotalSeconds:0.00} s"));
            return result;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();
}
