using Dapper;
using Logistics.Server.Ingest;
using Npgsql;

namespace Logistics.Server.Capacity;

internal static class CapacityChecks
{
    /// <summary>Runs a query of bad lines (line, column, value, reason): keeps what fits under the cap, counts them all.</summary>
    public static async Task AddAsync(NpgsqlConnection conn, NpgsqlTransaction tx, CapacityErrors errors, string problems, object args, CancellationToken ct)
    {
        var found = (await conn.QueryAsync<RowError>(new CommandDefinition($"{problems} LIMIT {errors.Cap}", args, tx, cancellationToken: ct, commandTimeout: 0))).ToList();
        var total = found.Count < errors.Cap ? found.Count
            : await conn.ExecuteScalarAsync<long>(new CommandDefinition($"SELECT count(*) FROM ({problems}) p", args, tx, cancellationToken: ct, commandTimeout: 0));
        errors.AddCounted(found, total);
    }
}
