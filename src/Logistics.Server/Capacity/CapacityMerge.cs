using Dapper;
using Logistics.Server.Storage;
using Npgsql;

namespace Logistics.Server.Capacity;

/// <summary>Which staged upload to merge, and what its receipt knew.</summary>
/// <param name="NetworkGeneration">the network its lines were checked against.</param>
/// <param name="Hours">its staged hours when the caller knows them (spares counting them).</param>
internal sealed record StagedUpload(Guid Id, long? CarrierId, long? NetworkGeneration, long? Hours = null);

/// <summary>
/// The load of one staged upload, inside a transaction its caller owns: the background job's
/// (CapacityLoader) or, for an upload the request can finish, the request's own. Re-checks the staged
/// hours if the network changed since they were received, then merges them under the next version
/// (a small upload into the shared partition, a large one as a partition of its own). Bad lines go to
/// <c>errors</c>, and then the caller must roll back whatever it wants undone.
/// </summary>
internal static class CapacityMerge
{
    /// <summary>Held exclusively by a network upload to commit, shared by a capacity load: the network it checks against holds still.</summary>
    public const string NetworkLock = "network-and-campaigns";

    /// <summary>Held by the one load merging at a time.</summary>
    public const string MergeLock = "capacity-merge";

    /// <param name="wait">false: if another load is merging, give up at once (null) instead of waiting for it.</param>
    /// <returns>the hours applied (0 when rejected), or null when <paramref name="wait"/> is false and another load holds the merge.</returns>
    public static async Task<long?> RunAsync(NpgsqlConnection conn, NpgsqlTransaction tx, StagedUpload upload, CapacityErrors errors, bool wait, ILogger log, CancellationToken ct)
    {
        var (id, staged) = (upload.Id, CapacitySql.StagingTableFor(upload.Id));
        string Sql(string sql) => sql.Replace("{staged}", staged, StringComparison.Ordinal);

        // Shared with other capacity loads, exclusive against network uploads: the network we check against holds still.
        await conn.ExecuteSharedLockAsync(tx, NetworkLock, ct);
        // One load merges at a time, so versions follow the order uploads were accepted in.
        if (wait) await conn.ExecuteLockAsync(tx, MergeLock, ct);
        else if (!await conn.ExecuteTryLockAsync(tx, MergeLock, ct))
            return null;
        // Room for the checks' hash joins and the index build's sort without spilling to disk; no
        // JIT: compiling the plans costs more than the plain set operations it would speed up.
        await conn.ExecuteAsync(new CommandDefinition("SET LOCAL work_mem = '256MB'; SET LOCAL maintenance_work_mem = '512MB'; SET LOCAL jit = off", transaction: tx, cancellationToken: ct));

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var args = new { id, carrier = upload.CarrierId };
        // The lines were checked against the network as they came in; only a network changed since needs a second look.
        if (await conn.ExecuteScalarAsync<long>(new CommandDefinition(CapacityNetwork.GenerationSql, transaction: tx, cancellationToken: ct)) != upload.NetworkGeneration)
        {
            await CapacityChecks.AddAsync(conn, tx, errors, Sql(CapacitySql.NetworkChanged), args, ct);
            if (errors.Total == 0 && upload.CarrierId is null)
                await conn.ExecuteAsync(new CommandDefinition(Sql(CapacitySql.RefreshHubCarriers), transaction: tx, cancellationToken: ct, commandTimeout: 0));
            log.LogDebug("capacity upload {Upload}: the network changed since it was received; re-checked in {Ms} ms", id, clock.ElapsedMilliseconds);
            if (errors.Total > 0) return 0;
        }

        var version = await conn.ExecuteScalarAsync<long>(new CommandDefinition("SELECT nextval('capacity_version')", transaction: tx, cancellationToken: ct));
        var applied = upload.Hours ?? await conn.ExecuteScalarAsync<long>(new CommandDefinition($"SELECT count(*) FROM {staged}", transaction: tx, cancellationToken: ct, commandTimeout: 0));
        var own = applied >= CapacitySql.OwnPartitionFrom;
        await tx.SaveAsync("merge", ct);
        try
        {
            if (own)
            {
                var steps = new List<long> { clock.ElapsedMilliseconds };
                foreach (var statement in CapacitySql.OwnPartition(staged, id, version))
                {
                    await conn.ExecuteAsync(new CommandDefinition(statement, transaction: tx, cancellationToken: ct, commandTimeout: 0));
                    steps.Add(clock.ElapsedMilliseconds);
                }
                log.LogDebug("capacity upload {Upload}: own partition's statements ended at {Steps} ms", id, string.Join(", ", steps));
            }
            else
            {
                await conn.ExecuteAsync(new CommandDefinition(Sql(CapacitySql.AppendToShared), new { id, version }, tx, cancellationToken: ct, commandTimeout: 0));
                await conn.ExecuteAsync(new CommandDefinition($"DROP TABLE {staged}", transaction: tx, cancellationToken: ct));
            }
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            // Two lines cover the same node, kind and hour: name each later one.
            await tx.RollbackAsync("merge", ct);
            await CapacityChecks.AddAsync(conn, tx, errors, Sql(CapacitySql.Overlaps), args, ct);
            if (errors.Total == 0) throw;   // not an overlap in the file: a real failure
            return 0;
        }
        log.LogDebug("capacity upload {Upload}: merged ({Path}) at {Ms} ms", id, own ? "own partition" : "shared partition", clock.ElapsedMilliseconds);
        return applied;
    }
}
