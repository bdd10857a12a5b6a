using Dapper;
using Npgsql;

namespace Logistics.Server.Maintenance;

/// <summary>Runs a step's one statement, with @days the retention period and no command timeout (a first pass may remove millions of rows).</summary>
internal static class RetentionPeriod
{
    public static async Task<long> ExecuteAsync(NpgsqlConnection conn, string sql, int days, CancellationToken ct) =>
        await conn.ExecuteAsync(new CommandDefinition(sql, new { days }, commandTimeout: 0, cancellationToken: ct));
}
