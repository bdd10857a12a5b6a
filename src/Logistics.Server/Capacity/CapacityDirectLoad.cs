using System.Diagnostics;
using Dapper;
using Logistics.Server.Ingest;
using Logistics.Server.Storage;
using Npgsql;

namespace Logistics.Server.Capacity;

/// <summary>
/// The load of a large upload that its request holds whole (sorted, without overlaps, every line
/// good) while the request can load it at once: it holds the merge lock, and the network cannot
/// change before it commits. No line can fail any more, so nothing is staged for a report: the hours
/// go straight into two history tables, the first and second half of the index's order, each
/// COPYed and indexed on a connection of its own at the same time, and both are attached as
/// partitions. PostgreSQL's part of a load (the COPY, its row check, the index build) is most of its
/// time and runs on one core per connection; this way it runs on two.
/// The second half's table is committed by its own connection before the request's transaction
/// attaches it. If the request fails after that, the request drops it
/// (<see cref="DropSecondHalfAsync"/>); one left behind by a crash (or a drop that failed) is dropped
/// by the retention job: it is named for an upload that is not pending, and no request holds the
/// upload's lock (<see cref="LockKey"/>) any more.
/// </summary>
internal static class CapacityDirectLoad
{
    public static string SecondHalfFor(Guid upload) => CapacitySql.StagingTableFor(upload) + "_b";

    /// <summary>The advisory lock a request holds while it may attach its second half: retention leaves such a table alone.</summary>
    public static string LockKey(Guid upload) => $"capacity-direct:{upload:N}";

    /// <summary>
    /// In the request's transaction: opens the second half's connection (a pool that cannot give one
    /// at once is no reason to fail an upload that staging can take), then holds the network still
    /// (shared, to the end of the transaction), takes the merge lock and the upload's own lock. Null
    /// when any of that fails, or the network changed since the upload's lines were checked against
    /// it: then the locks taken are let go and the upload is staged as usual.
    /// </summary>
    /// <returns>the second half's connection, the caller's to dispose.</returns>
    public static async Task<NpgsqlConnection?> TryBeginAsync(NpgsqlDataSource db, NpgsqlConnection conn, NpgsqlTransaction tx, Guid id, long generation, CancellationToken ct)
    {
        NpgsqlConnection second;
        using (var soon = CancellationTokenSource.CreateLinkedTokenSource(ct))
        {
            soon.CancelAfter(TimeSpan.FromSeconds(2));
            try { second = await db.OpenConnectionAsync(soon.Token); }
            catch (Exception e) when (e is NpgsqlException or OperationCanceledException && !ct.IsCancellationRequested) { return null; }
        }
        try
        {
            await tx.SaveAsync("direct", ct);
            await conn.ExecuteSharedLockAsync(tx, CapacityMerge.NetworkLock, ct);
            if (await conn.ExecuteScalarAsync<long>(new CommandDefinition(CapacityNetwork.GenerationSql, transaction: tx, cancellationToken: ct)) == generation
                && await conn.ExecuteTryLockAsync(tx, CapacityMerge.MergeLock, ct))
            {
                await conn.ExecuteLockAsync(tx, LockKey(id), ct);
                return second;
            }
            await tx.RollbackAsync("direct", ct);   // the network lock too: a staged upload takes it only when it merges
        }
        catch
        {
            await second.DisposeAsync();
            throw;
        }
        await second.DisposeAsync();
        return null;
    }

    /// <summary>After <see cref="TryBeginAsync"/> said yes: loads the held hours under the next version. On failure the caller rolls back, then calls <see cref="DropSecondHalfAsync"/>.</summary>
    /// <returns>the hours applied.</returns>
    public static async Task<long> RunAsync(NpgsqlConnection conn, NpgsqlTransaction tx, NpgsqlConnection secondConn, Guid id, StagingWriter writer, ILogger log, CancellationToken ct)
    {
        await conn.ExecuteAsync(new CommandDefinition("SET LOCAL maintenance_work_mem = '512MB'", transaction: tx, cancellationToken: ct));
        // The version follows acceptance (the merge lock is held); the second half's segment is one
        // more number of the same sequence, so it is unique and never anyone's version.
        var version = await conn.ExecuteScalarAsync<long>(new CommandDefinition("SELECT nextval('capacity_version')", transaction: tx, cancellationToken: ct));
        var segment = await conn.ExecuteScalarAsync<long>(new CommandDefinition("SELECT nextval('capacity_version')", transaction: tx, cancellationToken: ct));
        var (first, second, name) = (CapacitySql.StagingTableFor(id), SecondHalfFor(id), $"capacity_history_v{version}");
        var hours = checked((int)writer.Hours);
        var half = hours / 2;

        var clock = Stopwatch.StartNew();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var other = Task.Run(() => SecondHalfAsync(secondConn, second, id, version, segment, name + "_b", writer, half, hours, stop.Token), CancellationToken.None);
        try
        {
            await PartAsync(conn, tx, first, id, version, version, name, writer, 0, half, ct);
            var firstMs = clock.ElapsedMilliseconds;
            await other;
            var secondMs = clock.ElapsedMilliseconds;
            foreach (var statement in (IEnumerable<string>)[.. CapacitySql.Attach(first, version, name), .. CapacitySql.Attach(second, segment, name + "_b")])
                await conn.ExecuteAsync(new CommandDefinition(statement, transaction: tx, cancellationToken: ct));
            log.LogDebug("capacity upload {Upload}: {Hours} hours straight into two partitions, halves ready at {First} and {Second} ms, attached at {Ms} ms",
                id, hours, firstMs, secondMs, clock.ElapsedMilliseconds);
            return hours;
        }
        catch
        {
            // The second half's connection must be done (committed or not) before its table can be dropped.
            await stop.CancelAsync();
            try { await other; }
            catch (Exception) { }   // the first failure is the one reported
            throw;
        }
    }

    /// <summary>Drops the second half's table of a direct load that failed (after the request's transaction is rolled back); best effort.</summary>
    public static async Task DropSecondHalfAsync(NpgsqlDataSource db, Guid id, ILogger log)
    {
        try
        {
            await using var conn = await db.OpenConnectionAsync();
            await using var tx = await conn.BeginTransactionAsync();
            // Not forever behind a lock: a request whose connection broke may hold it until its server notices.
            await conn.ExecuteAsync($"SET LOCAL lock_timeout = '10s'; DROP TABLE IF EXISTS {SecondHalfFor(id)}", transaction: tx);
            await tx.CommitAsync();
        }
        catch (Exception e)
        {
            log.LogWarning(e, "capacity upload {Upload}: its second half's table was not dropped; the retention job will", id);
        }
    }

    private static async Task SecondHalfAsync(NpgsqlConnection conn, string table, Guid id, long version, long segment, string name, StagingWriter writer, int from, int to, CancellationToken ct)
    {
        await using var tx = await conn.BeginTransactionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition("SET LOCAL work_mem = '256MB'; SET LOCAL maintenance_work_mem = '512MB'; SET LOCAL jit = off", transaction: tx, cancellationToken: ct));
        await PartAsync(conn, tx, table, id, version, segment, name, writer, from, to, ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>One half: a new table (so its COPY can FREEZE and skip the WAL), its hours, its index.</summary>
    private static async Task PartAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string table, Guid id, long version, long segment, string name, StagingWriter writer, int from, int to, CancellationToken ct)
    {
        await conn.ExecuteAsync(new CommandDefinition(CapacitySql.CreateHistoryPart.Replace("{staged}", table, StringComparison.Ordinal), transaction: tx, cancellationToken: ct));
        await BinaryCopyWriter.CopyOnThreadAsync(conn, $"COPY {table} ({StagingWriter.HistoryColumns}) FROM STDIN (FORMAT BINARY, FREEZE)",
            stream => writer.WriteHistory(stream, from, to), ct);
        foreach (var statement in CapacitySql.MakePartition(table, id, version, segment, name, staged: false))
            await conn.ExecuteAsync(new CommandDefinition(statement, transaction: tx, cancellationToken: ct, commandTimeout: 0));
    }
}
