using System.Security.Cryptography;
using System.Text;
using Dapper;
using Npgsql;

namespace Logistics.Server.Storage;

/// <summary>One numbered migration file from sql/.</summary>
internal sealed record Migration(string Name, string Sql)
{
    public string Checksum => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(Sql.ReplaceLineEndings("\n")))).ToLowerInvariant();

    /// <summary>The migrations shipped beside the executable (or in the checkout's sql/), in order.</summary>
    public static IReadOnlyList<Migration> LoadAll(string? directory = null)
    {
        directory ??= FindDirectory();
        return Directory.GetFiles(directory, "*.sql")
            .Select(f => new Migration(Path.GetFileName(f), File.ReadAllText(f)))
            .OrderBy(m => m.Name, StringComparer.Ordinal)
            .ToList();
    }

    private static string FindDirectory()
    {
        var beside = Path.Combine(AppContext.BaseDirectory, "sql");
        if (Directory.Exists(beside)) return beside;
        throw new InvalidOperationException($"no sql/ folder beside {AppContext.BaseDirectory}");
    }
}

/// <summary>
/// Applies sql/ in order, one transaction per file, under a session advisory lock so that nodes
/// starting together never race; refuses to run when an applied file has changed since. Then,
/// under the same lock, installs or upgrades Hangfire's schema with the package's own scripts.
/// </summary>
internal sealed class MigrationRunner(NpgsqlDataSource db, IReadOnlyList<Migration> migrations)
{
    // Any fixed number: every node asks for the same lock.
    private const long AdvisoryLockKey = 0x4c6f67_6d6967;   // "Logmig"

    private const string CreateTable = """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            name        text PRIMARY KEY,
            checksum    text NOT NULL,
            applied_at  timestamptz NOT NULL DEFAULT now()
        )
        """;

    public sealed record Applied(string Name, string Checksum);

    /// <returns>the names of the files applied by this call (empty when up to date).</returns>
    public async Task<IReadOnlyList<string>> MigrateAsync(CancellationToken ct = default)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_lock(@AdvisoryLockKey)", new { AdvisoryLockKey }, cancellationToken: ct));
        try
        {
            await conn.ExecuteAsync(new CommandDefinition(CreateTable, cancellationToken: ct));
            var applied = (await conn.QueryAsync<Applied>(new CommandDefinition("SELECT name, checksum FROM schema_migrations", cancellationToken: ct)))
                .ToDictionary(a => a.Name);
            Verify(applied);

            var done = new List<string>();
            foreach (var m in migrations.Where(m => !applied.ContainsKey(m.Name)))
            {
                await using var tx = await conn.BeginTransactionAsync(ct);
                try
                {
                    await conn.ExecuteAsync(new CommandDefinition(m.Sql, transaction: tx, cancellationToken: ct, commandTimeout: 0));
                }
                catch (PostgresException e)
                {
                    throw new MigrationException($"migration {m.Name} failed: {e.MessageText}{(e.Position > 0 ? $" (at character {e.Position})" : "")}");
                }
                await conn.ExecuteAsync(new CommandDefinition(
                    "INSERT INTO schema_migrations (name, checksum) VALUES (@Name, @Checksum)", new { m.Name, m.Checksum }, tx, cancellationToken: ct));
                await tx.CommitAsync(ct);
                done.Add(m.Name);
            }
            Jobs.JobStorageSchema.Install(conn);
            return done;
        }
        finally
        {
            await conn.ExecuteAsync("SELECT pg_advisory_unlock(@AdvisoryLockKey)", new { AdvisoryLockKey });
        }
    }

    /// <summary>Null when every file is applied unchanged; otherwise what is wrong, in one line.</summary>
    public async Task<string?> PendingOrMismatchAsync(CancellationToken ct = default)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var exists = await conn.ExecuteScalarAsync<bool>(new CommandDefinition("SELECT to_regclass('schema_migrations') IS NOT NULL", cancellationToken: ct));
        if (!exists) return "no migrations applied";
        var applied = (await conn.QueryAsync<Applied>(new CommandDefinition("SELECT name, checksum FROM schema_migrations", cancellationToken: ct)))
            .ToDictionary(a => a.Name);
        try { Verify(applied); }
        catch (MigrationException e) { return e.Message; }
        var pending = migrations.Where(m => !applied.ContainsKey(m.Name)).Select(m => m.Name).ToList();
        return pending.Count == 0 ? null : $"pending migrations: {string.Join(", ", pending)}";
    }

    private void Verify(IReadOnlyDictionary<string, Applied> applied)
    {
        var known = migrations.ToDictionary(m => m.Name);
        foreach (var a in applied.Values.OrderBy(a => a.Name, StringComparer.Ordinal))
        {
            if (!known.TryGetValue(a.Name, out var m))
                throw new MigrationException($"the database has migration {a.Name}, which this build does not know: it is newer than this build");
            if (m.Checksum != a.Checksum)
                throw new MigrationException($"migration {a.Name} was changed after it was applied (checksum {a.Checksum[..12]} in the database, {m.Checksum[..12]} on disk): migrations are forward-only, add a new file instead");
        }
    }
}

internal sealed class MigrationException(string message) : Exception(message);
