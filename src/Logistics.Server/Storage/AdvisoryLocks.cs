using Dapper;
using Npgsql;

namespace Logistics.Server.Storage;

internal static class AdvisoryLocks
{
    /// <summary>Takes a transaction-scoped advisory lock named by <paramref name="name"/>; released at commit or rollback.</summary>
    public static Task ExecuteLockAsync(this NpgsqlConnection conn, NpgsqlTransaction tx, string name, CancellationToken ct) =>
        conn.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_xact_lock(hashtextextended(@name, 0))", new { name }, tx, cancellationToken: ct));

    /// <summary>Takes the lock of <see cref="ExecuteLockAsync"/> shared: other shared holders go on, an exclusive one waits (and is waited for).</summary>
    public static Task ExecuteSharedLockAsync(this NpgsqlConnection conn, NpgsqlTransaction tx, string name, CancellationToken ct) =>
        conn.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_xact_lock_shared(hashtextextended(@name, 0))", new { name }, tx, cancellationToken: ct));

    /// <summary>Takes the lock of <see cref="ExecuteLockAsync"/> if it is free; false at once when someone holds it.</summary>
    public static Task<bool> ExecuteTryLockAsync(this NpgsqlConnection conn, NpgsqlTransaction tx, string name, CancellationToken ct) =>
        conn.ExecuteScalarAsync<bool>(new CommandDefinition("SELECT pg_try_advisory_xact_lock(hashtextextended(@name, 0))", new { name }, tx, cancellationToken: ct));
}
