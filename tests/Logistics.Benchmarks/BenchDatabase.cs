using Logistics.Server.Storage;
using Npgsql;

namespace Logistics.Benchmarks;

/// <summary>A throwaway PostgreSQL cluster started the way the tests start theirs, with one migrated database.</summary>
internal sealed class BenchDatabase : IAsyncDisposable
{
    private readonly EmbeddedPostgres _pg;
    private readonly string _root;
    public Database Database { get; }

    private BenchDatabase(EmbeddedPostgres pg, string root, Database database) => (_pg, _root, Database) = (pg, root, database);

    public static async Task<BenchDatabase> StartAsync()
    {
        var root = Path.Combine(Path.GetTempPath(), $"logistics-bench-{Environment.ProcessId}");
        var pg = await EmbeddedPostgres.StartAsync(root, durable: false);
        // Made by the superuser, owned by the service role the benchmarks connect as.
        await using (var conn = new NpgsqlConnection(pg.AdminConnectionString))
        {
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand($"CREATE DATABASE bench OWNER {ServiceRole.Name}", conn);
            await cmd.ExecuteNonQueryAsync();
        }
        var database = Database.ForConnectionString(new NpgsqlConnectionStringBuilder(pg.ConnectionString) { Database = "bench" }.ConnectionString);
        await new MigrationRunner(database.DataSource, Migration.LoadAll()).MigrateAsync();
        return new BenchDatabase(pg, root, database);
    }

    public async ValueTask DisposeAsync()
    {
        await Database.DisposeAsync();
        await _pg.DisposeAsync();
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { }
    }
}
