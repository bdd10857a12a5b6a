using System.Security.Cryptography;
using Npgsql;

namespace Logistics.Server.Storage;

/// <summary>
/// The embedded cluster's service role: it logs in, owns the database and everything in it, and is
/// not a superuser, so the service's own connections cannot read server files, run programs or
/// touch other databases. The superuser (initdb's) is used only here, to make the role and the
/// database. A cluster made before the role existed has its objects handed over on start.
/// </summary>
internal static class ServiceRole
{
    public const string Name = "logistics_service";

    /// <summary>The role's password, DATA/pg.service.password; made on first use, readable by its owner only.</summary>
    public static async Task<string> PasswordAsync(string dataRoot, CancellationToken ct)
    {
        var file = Path.Combine(dataRoot, "pg.service.password");
        if (File.Exists(file)) return (await File.ReadAllTextAsync(file, ct)).Trim();
        var password = Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant();
        var partial = $"{file}.{Environment.ProcessId}";
        await File.WriteAllTextAsync(partial, password, ct);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(partial, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.Move(partial, file, overwrite: true);
        return password;
    }

    /// <summary>
    /// As the superuser, on the maintenance database: the role, with the password in the file (set
    /// again each start, so a replaced file still works), and <paramref name="database"/> owned by it.
    /// </summary>
    public static async Task EnsureAsync(NpgsqlConnection admin, string database, string password, CancellationToken ct)
    {
        // Utility statements take no parameters: the password is hex, the names are constants.
        var role = await ScalarAsync(admin, $"SELECT 1 FROM pg_roles WHERE rolname = '{Name}'", ct) is null
            ? $"CREATE ROLE {Name} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD '{password}'"
            : $"ALTER ROLE {Name} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD '{password}'";
        try { await ExecuteAsync(admin, role, ct); }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DuplicateObject) { await ExecuteAsync(admin, role.Replace("CREATE ROLE", "ALTER ROLE", StringComparison.Ordinal), ct); }

        if (await ScalarAsync(admin, $"SELECT 1 FROM pg_database WHERE datname = '{database}'", ct) is null)
        {
            try { await ExecuteAsync(admin, $"CREATE DATABASE {database} OWNER {Name}", ct); }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DuplicateDatabase) { }
        }
        await ExecuteAsync(admin, $"ALTER DATABASE {database} OWNER TO {Name}", ct);
    }

    /// <summary>
    /// In the database, as the superuser: whatever the superuser owns outside the system schemas
    /// (made before the role existed, or by hand) becomes the role's. Indexes, a table's own
    /// sequences and row types follow their table. Nothing to do, after the first time.
    /// </summary>
    public const string HandOver = $$"""
        DO $$
        DECLARE
            r record;
            su oid := (SELECT oid FROM pg_roles WHERE rolname = current_user);
        BEGIN
            FOR r IN SELECT nspname FROM pg_namespace
                     WHERE nspowner = su AND nspname NOT LIKE 'pg\_%' AND nspname <> 'information_schema' LOOP
                EXECUTE format('ALTER SCHEMA %I OWNER TO {{Name}}', r.nspname);
            END LOOP;
            FOR r IN SELECT c.oid::regclass AS rel, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                     WHERE c.relowner = su AND n.nspname NOT LIKE 'pg\_%' AND n.nspname <> 'information_schema'
                       AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')
                       AND NOT (c.relkind = 'S' AND EXISTS (SELECT 1 FROM pg_depend d
                                WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype IN ('a', 'i'))) LOOP
                EXECUTE format('ALTER %s %s OWNER TO {{Name}}',
                    CASE r.relkind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' WHEN 'f' THEN 'FOREIGN TABLE' ELSE 'TABLE' END, r.rel);
            END LOOP;
            FOR r IN SELECT p.oid::regprocedure AS fn, p.prokind FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                     WHERE p.proowner = su AND n.nspname NOT LIKE 'pg\_%' AND n.nspname <> 'information_schema' LOOP
                EXECUTE format('ALTER %s %s OWNER TO {{Name}}',
                    CASE r.prokind WHEN 'p' THEN 'PROCEDURE' WHEN 'a' THEN 'AGGREGATE' ELSE 'FUNCTION' END, r.fn);
            END LOOP;
            FOR r IN SELECT t.oid::regtype AS ty, t.typtype FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
                     WHERE t.typowner = su AND n.nspname NOT LIKE 'pg\_%' AND n.nspname <> 'information_schema'
                       AND t.typtype IN ('e', 'd', 'r') AND t.typelem = 0 LOOP
                EXECUTE format('ALTER %s %s OWNER TO {{Name}}', CASE r.typtype WHEN 'd' THEN 'DOMAIN' ELSE 'TYPE' END, r.ty);
            END LOOP;
        END $$
        """;

    private static async Task<object?> ScalarAsync(NpgsqlConnection conn, string sql, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(sql, conn);
        return await cmd.ExecuteScalarAsync(ct);
    }

    public static async Task ExecuteAsync(NpgsqlConnection conn, string sql, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
