using Dapper;
using Npgsql;

namespace Logistics.Server.Maintenance;

/// <summary>
/// A retention step that is one statement, with @days the retention period and no command timeout (a
/// first pass may remove millions of rows). Features hold their statement; this runs it.
/// </summary>
internal sealed record StatementRetention(RetentionStage Stage, string Removes, string Sql) : IRetentionStep
{
    public async Task<long> RemoveAsync(NpgsqlConnection conn, int days, CancellationToken ct) =>
        await conn.ExecuteAsync(new CommandDefinition(Sql, new { days }, commandTimeout: 0, cancellationToken: ct));
}
