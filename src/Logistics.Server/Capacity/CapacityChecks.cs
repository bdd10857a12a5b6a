using Dapper;
using Logistics.Server.Ingest;
using Npgsql;

namespace Logistics.Server.Capacity;

internal static class CapacityChecks
{
    // A bad line as the SQL checks return it: the rule is the code the query wrote.
    private sealed record Found(long Line, string Column, string? Value, string Reason, string Rule);

    /// <summary>Runs a query of bad lines (line, column, value, reason, rule): keeps what fits under the cap, counts them all.</summary>
    public static async Task AddAsync(NpgsqlConnection conn, NpgsqlTransaction tx, CapacityErrors errors, string problems, object args, CancellationToken ct)
    {
        var found = (await conn.QueryAsync<Found>(new CommandDefinition($"{problems} LIMIT {errors.Cap}", args, tx, cancellationToken: ct, commandTimeout: 0)))
            .Select(f => new RowError(f.Line, f.Column, f.Value, LineRule.FromCode(f.Rule), f.Reason)).ToList();
        var total = found.Count < errors.Cap ? found.Count
            : await conn.ExecuteScalarAsync<long>(new CommandDefinition($"SELECT count(*) FROM ({problems}) p", args, tx, cancellationToken: ct, commandTimeout: 0));
        errors.AddCounted(found, total);
    }
}
