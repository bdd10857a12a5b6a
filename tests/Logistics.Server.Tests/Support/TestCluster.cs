using Logistics.Server.Storage;
using Npgsql;

namespace Logistics.Server.Tests.Support;

/// <summary>
/// One throwaway PostgreSQL cluster per test run, started by the same code as the embedded
/// default; one migrated template database; a fresh copy of it for each test class.
/// </summary>
public static class TestCluster
{
    private static readonly SemaphoreSlim CreateLock = new(1, 1);   // CREATE DATABASE ... TEMPLATE needs the template idle
    private static readonly Lazy<Task<State>> Started = new(StartAsync);
    private static int _counter;

    private sealed record State(EmbeddedPostgres Pg, string Root);


    /// <summary>A new database with every migration applied.</summary>
    public static async Task<string> CreateDatabaseAsync() => await CreateAsync(migrated: true);

    /// <summary>A new, empty database (for migration tests).</summary>
    public static async Task<string> CreateEmptyDatabaseAsync() => await CreateAsync(migrated: false);

    private static async Task<string> CreateAsync(bool migrated)
    {
        var state = await Started.Value;
        var name = $"t{Environment.ProcessId}_{Interlocked.Increment(ref _counter)}";
        await CreateLock.WaitAsync();
        try
        {
            await using var conn = new NpgsqlConnection(Admin(state.Pg));
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand($"CREATE DATABASE {name} OWNER {ServiceRole.Name}{(migrated ? " TEMPLATE logistics_template" : "")}", conn);
            await cmd.ExecuteNonQueryAsync();
        }
        finally { CreateLock.Release(); }
        return new NpgsqlConnectionStringBuilder(state.Pg.ConnectionString) { Database = name }.ConnectionString;
    }

    private static async Task<State> StartAsync()
    {
        var root = Path.Combine(Path.GetTempPath(), $"logistics-tests-{Environment.ProcessId}");
        var pg = await EmbeddedPostgres.StartAsync(root, durable: false);
        pg.StopAndDeleteWhenThisProcessExits();

        await using (var conn = new NpgsqlConnection(Admin(pg)))
        {
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand($"CREATE DATABASE logistics_template OWNER {ServiceRole.Name}", conn);
            await cmd.ExecuteNonQueryAsync();
        }
        var template = new NpgsqlConnectionStringBuilder(pg.ConnectionString) { Database = "logistics_template", Pooling = false }.ConnectionString;
        await using (var source = NpgsqlDataSource.Create(template))
            await new MigrationRunner(source, Migration.LoadAll()).MigrateAsync();
        return new State(pg, root);
    }

    // Databases are made by the superuser and owned by the service role, which the tests and servers connect as.
    private static string Admin(EmbeddedPostgres pg) => pg.AdminConnectionString;
}
