using Dapper;
using Npgsql;

namespace Logistics.Server.Storage;

internal static class AdvisoryLocks
{
    /// <summary>Takes a transaction-scoped advisory lock named by <paramref name="name"/>; released at commit or rollback.</summary>
    public static Task ExecuteLockAsync(this NpgsqlConnection conn, NpgsqlTransaction tx, string name, CancellationToken ct) =>
        conn.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_xact_lock(hashtextextended(@name, 0))", new { name }, tx, cancellationToken: ct));
}
