using Dapper;
using Logistics.Server.Capacity;
using Logistics.Server.Ingest;
using Logistics.Server.Storage;
using Logistics.Server.Uploads;
using Npgsql;

namespace Logistics.Server.Maintenance;

/// <summary>
/// Drops staging tables a crash left behind. A direct capacity load's second half
/// (staging.capacity_ID_b) is committed before its request attaches it, and a demand upload's
/// tables before its row exists: a request that may still need them holds its upload's lock
/// (<see cref="CapacityDirectLoad.LockKey"/>, <see cref="BulkReceiver.LockKey"/>), and such a table is skipped.
/// </summary>
internal static class StagingLeftovers
{
    /// <summary>
    /// Leftovers of uploads that are not pending (finished, or with no row: a crashed request's),
    /// safe to drop at any time once their request's lock is free (see <see cref="DropAsync"/>).
    /// </summary>
    public const string OfCrashedLoads = $$"""
        SELECT c.relname
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'staging' AND c.relkind IN ('r', 'p') AND NOT c.relispartition
          AND c.relname ~ '^(capacity_[0-9a-f]{32}(_b)?|u_[0-9a-f]{32}(_text|_campaigns)?)$'
          AND NOT EXISTS (SELECT 1 FROM uploads u
                          WHERE u.id = substring(c.relname FROM '[0-9a-f]{32}')::uuid AND u.status IN ('{{UploadStates.Queued}}', '{{UploadStates.Processing}}'))
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
            var demand = table.StartsWith("u_", StringComparison.Ordinal);
            var upload = Guid.ParseExact(table.AsSpan(demand ? 2 : "capacity_".Length, 32), "N");
            var held = demand ? BulkReceiver.LockKey(upload) : table.EndsWith("_b", StringComparison.Ordinal) ? CapacityDirectLoad.LockKey(upload) : null;
            if (held is not null && !await conn.ExecuteTryLockAsync(tx, held, ct)) continue;
            // Looked at again under the lock: a receive that ended meanwhile has put its upload's row in.
            if (await conn.ExecuteScalarAsync<bool>(new CommandDefinition(
                    $"SELECT EXISTS (SELECT 1 FROM uploads WHERE id = @upload AND status IN ('{UploadStates.Queued}', '{UploadStates.Processing}'))", new { upload }, tx, cancellationToken: ct)))
                continue;
            await conn.ExecuteAsync(new CommandDefinition($"DROP TABLE IF EXISTS staging.{table}", transaction: tx, cancellationToken: ct));
            await tx.CommitAsync(ct);
            dropped++;
        }
        return dropped;
    }
}
