using Dapper;
using Logistics.Server.Storage;
using Npgsql;

namespace Logistics.Server.Tests.Storage;

/// <summary>
/// The embedded cluster's service connects as a role that owns its database and schemas but is no
/// superuser; migrations run as that owner; a cluster whose objects the superuser owned hands them over.
/// </summary>
public sealed class ServiceRoleTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"logistics-role-{Guid.NewGuid():N}");

    [Fact]
    public async Task The_service_role_owns_what_it_migrated_and_is_no_superuser()
    {
        await using var pg = await EmbeddedPostgres.StartAsync(_root, durable: false);
        await using (var source = NpgsqlDataSource.Create(pg.ConnectionString))
            await new MigrationRunner(source, Migration.LoadAll()).MigrateAsync();

        await using var conn = new NpgsqlConnection(pg.ConnectionString);
        await conn.OpenAsync();
        Assert.Equal(ServiceRole.Name, await conn.ExecuteScalarAsync<string>("SELECT current_user"));
        Assert.False(await conn.ExecuteScalarAsync<bool>("SELECT rolsuper OR rolcreaterole OR rolcreatedb FROM pg_roles WHERE rolname = current_user"));
        Assert.Equal(ServiceRole.Name, await conn.ExecuteScalarAsync<string>("SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = current_database()"));
        foreach (var schema in new[] { "staging", "hangfire" })
            Assert.Equal(ServiceRole.Name, await conn.ExecuteScalarAsync<string>("SELECT pg_get_userbyid(nspowner) FROM pg_namespace WHERE nspname = @schema", new { schema }));
        Assert.Equal(0, await conn.ExecuteScalarAsync<long>("""
            SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname IN ('public', 'staging', 'hangfire') AND c.relowner <> (SELECT oid FROM pg_roles WHERE rolname = current_user)
            """));

        // What only a superuser may do is refused.
        var e = await Assert.ThrowsAsync<PostgresException>(() => conn.ExecuteAsync("COPY (SELECT 1) TO PROGRAM 'true'"));
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, e.SqlState);
    }

    [Fact]
    public async Task What_the_superuser_owned_in_an_older_cluster_is_handed_to_the_service_role_on_start()
    {
        await using (var first = await EmbeddedPostgres.StartAsync(_root, durable: false))
        {
            // As a cluster made before the role existed: the superuser owns the schema, a table with its identity, a view and a function.
            await using var su = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(first.AdminConnectionString) { Database = "logistics" }.ConnectionString);
            await su.OpenAsync();
            await su.ExecuteAsync("""
                CREATE SCHEMA old;
                CREATE TABLE old.kept (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, v text);
                INSERT INTO old.kept (v) VALUES ('before');
                CREATE VIEW old.kept_view AS SELECT v FROM old.kept;
                CREATE FUNCTION old.f() RETURNS int LANGUAGE sql AS 'SELECT 1';
                """);
        }
        NpgsqlConnection.ClearAllPools();

        await using var pg = await EmbeddedPostgres.StartAsync(_root, durable: false);
        await using var conn = new NpgsqlConnection(pg.ConnectionString);
        await conn.OpenAsync();
        Assert.Equal(0, await conn.ExecuteScalarAsync<long>("""
            SELECT (SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'old' AND c.relowner <> r.oid)
                 + (SELECT count(*) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'old' AND p.proowner <> r.oid)
                 + (SELECT count(*) FROM pg_namespace WHERE nspname = 'old' AND nspowner <> r.oid)
            FROM pg_roles r WHERE r.rolname = current_user
            """));
        // The owner can use and change it all.
        await conn.ExecuteAsync("INSERT INTO old.kept (v) VALUES ('after'); ALTER TABLE old.kept ADD COLUMN w int; DROP VIEW old.kept_view");
        Assert.Equal(2, await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM old.kept"));
    }

    public void Dispose()
    {
        NpgsqlConnection.ClearAllPools();
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
