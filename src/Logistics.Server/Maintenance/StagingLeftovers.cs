using System.Text.RegularExpressions;
using Dapper;
using Logistics.Server.Storage;
using Logistics.Server.Uploads;
using Npgsql;

namespace Logistics.Server.Maintenance;

/// <summary>
/// Drops staging tables that finished or crashed loads left behind: those of every pipeline that
/// stages (<see cref="IStagingOwner"/>), named for an upload that is not pending (finished, or with
/// no row: a crashed request's). A table a live request may still need is skipped while that
/// request holds the lock its pipeline names. Never a partition: a table attached to a real table is data.
/// </summary>
internal static class StagingLeftovers
{
    private static readonly IReadOnlyList<(Regex Names, IStagingOwner Owner)> Owners =
        [.. UploadCatalog.All.Select(s => s.Pipeline).OfType<IStagingOwner>().DistinctBy(o => o.TableNames)
            .Select(o => (new Regex($"^({o.TableNames})$", RegexOptions.CultureInvariant), o))];

    private const string UploadId = "[0-9a-f]{32}";

    /// <summary>The candidates, safe to drop once their request's lock is free (see <see cref="DropAsync"/>).</summary>
    public static string Query { get; } = $"""
        SELECT c.relname
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'staging' AND c.relkind IN ('r', 'p') AND NOT c.relispartition
          AND c.relname ~ '^({string.Join("|", Owners.Select(o => o.Owner.TableNames))})$'
          AND NOT EXISTS (SELECT 1 FROM uploads u
                          WHERE u.id = substring(c.relname FROM '{UploadId}')::uuid AND u.status IN ('{UploadStates.Queued}', '{UploadStates.Processing}'))
        ORDER BY c.relname
        """;

    /// <summary>Drops each table <see cref="Query"/> names (staging.NAME), but one whose request holds its lock.</summary>
    /// <returns>how many were dropped.</returns>
    public static async Task<long> DropAsync(NpgsqlConnection conn, CancellationToken ct)
    {
        var tables = (await conn.QueryAsync<string>(new CommandDefinition(Query, cancellationToken: ct))).ToList();
        long dropped = 0;
        foreach (var table in tables)
        {
            await using var tx = await conn.BeginTransactionAsync(ct);
            var upload = Guid.ParseExact(Regex.Match(table, UploadId).Value, "N");
            var held = Owners.First(o => o.Names.IsMatch(table)).Owner.LockFor(table, upload);
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
