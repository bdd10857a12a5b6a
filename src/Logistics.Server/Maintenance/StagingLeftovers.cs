using Dapper;
using Logistics.Server.Capacity;
using Logistics.Server.Storage;
using Npgsql;

namespace Logistics.Server.Maintenance;

/// <summary>
/// Drops staging tables a crash left behind. A direct capacity load's second half
/// (staging.capacity_ID_b) is committed before its request attaches it: a request that still may
/// holds its upload's lock (<see cref="CapacityDirectLoad.LockKey"/>), and such a table is skipped.
/// </summary>
internal static class StagingLeftovers
{
    /// <summary>
    /// Leftovers that no live request or load can still need, so safe to drop at any time: capacity
    /// staging of an upload that is not pending (its table and its upload row commit together, so
    /// one without a pending upload is a finished or crashed load's), and a demand upload's tables
    /// once its upload is final. (A demand upload's tables commit before its row: one with no row
    /// yet may be mid-receive, and is left to the retention job.)
    /// </summary>
    public const string OfCrashedLoads = """
        SELECT c.relname
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'staging' AND c.relkind IN ('r', 'p') AND NOT c.relispartition
          AND (
              (c.relname ~ '^capacity_[0-9a-f]{32}(_b)?$'
               AND NOT EXISTS (SELECT 1 FROM uploads u
                               WHERE u.id = substring(c.relname FROM '[0-9a-f]{32}')::uuid AND u.status IN ('queued', 'processing')))
           OR (c.relname ~ '^u_[0-9a-f]{32}(_text|_campaigns)?$'
               AND EXISTS (SELECT 1 FROM uploads u
                           WHERE u.id = substring(c.relname FROM '[0-9a-f]{32}')::uuid AND u.status NOT IN ('queued', 'processing'))))
        ORDER BY c.relname
        """;

    /// <summary>Drops each table <paramref name="query"/> names (staging.NAME), but a second half whose request holds its lock.</summary>
    /// <returns>how many were dropped.</returns>
    public static async Task<long> DropAsync(NpgsqlConnection conn, string query, CancellationToken ct)
    {
        var tables = (await conn.QueryAsync<string>(new CommandDefinition(query, cancellationToken: ct))).ToList();
        long dropped = 0;
        foreach (var table in tables)
        {
            await using var tx = await conn.BeginTransactionAsync(ct);
            if (table.EndsWith("_b", StringComparison.Ordinal)
                && !await conn.ExecuteTryLockAsync(tx, CapacityDirectLoad.LockKey(Guid.ParseExact(table.AsSpan("capacity_".Length, 32), "N")), ct))
                continue;
            await conn.ExecuteAsync(new CommandDefinition($"DROP TABLE IF EXISTS staging.{table}", transaction: tx, cancellationToken: ct));
            await tx.CommitAsync(ct);
            dropped++;
        }
        return dropped;
    }
}
