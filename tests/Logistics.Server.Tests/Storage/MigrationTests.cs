using Dapper;
using Logistics.Server.Storage;
using Logistics.Server.Tests.Support;
using Npgsql;

namespace Logistics.Server.Tests.Storage;

public sealed class MigrationTests
{
    [Fact]
    public async Task Applying_twice_applies_nothing_the_second_time()
    {
        await using var db = NpgsqlDataSource.Create(await TestCluster.CreateEmptyDatabaseAsync());
        var runner = new MigrationRunner(db, Migration.LoadAll());

        var first = await runner.MigrateAsync();
        var second = await runner.MigrateAsync();

        Assert.Equal(Migration.LoadAll().Select(m => m.Name), first);
        Assert.Empty(second);
        Assert.Null(await runner.PendingOrMismatchAsync());
    }

    [Fact]
    public async Task A_changed_applied_file_stops_the_runner_and_readiness()
    {
        await using var db = NpgsqlDataSource.Create(await TestCluster.CreateEmptyDatabaseAsync());
        var original = Migration.LoadAll();
        await new MigrationRunner(db, original).MigrateAsync();

        var edited = original.Select((m, i) => i == 0 ? m with { Sql = m.Sql + "\n-- edited afterwards\n" } : m).ToList();
        var runner = new MigrationRunner(db, edited);

        var e = await Assert.ThrowsAsync<MigrationException>(() => runner.MigrateAsync());
        Assert.Contains(original[0].Name, e.Message);
        Assert.Contains("changed after it was applied", e.Message);
        Assert.Contains("changed after it was applied", await runner.PendingOrMismatchAsync());
    }

    [Fact]
    public async Task A_database_newer_than_the_build_is_refused()
    {
        await using var db = NpgsqlDataSource.Create(await TestCluster.CreateEmptyDatabaseAsync());
        await new MigrationRunner(db, Migration.LoadAll()).MigrateAsync();
        await using (var conn = await db.OpenConnectionAsync())
            await conn.ExecuteAsync("INSERT INTO schema_migrations (name, checksum) VALUES ('9999_future.sql', 'x')");

        var e = await Assert.ThrowsAsync<MigrationException>(() => new MigrationRunner(db, Migration.LoadAll()).MigrateAsync());
        Assert.Contains("9999_future.sql", e.Message);
    }

    [Fact]
    public async Task A_failing_migration_leaves_nothing_of_itself()
    {
        await using var db = NpgsqlDataSource.Create(await TestCluster.CreateEmptyDatabaseAsync());
        var broken = Migration.LoadAll().Append(new Migration("9000_broken.sql", "CREATE TABLE half_done (x int); SELECT no_such_function();")).ToList();

        var e = await Assert.ThrowsAsync<MigrationException>(() => new MigrationRunner(db, broken).MigrateAsync());

        Assert.Contains("9000_broken.sql", e.Message);
        await using var conn = await db.OpenConnectionAsync();
        Assert.False(await conn.ExecuteScalarAsync<bool>("SELECT to_regclass('half_done') IS NOT NULL"));
        Assert.Equal(0, await conn.ExecuteScalarAsync<int>("SELECT count(*) FROM schema_migrations WHERE name = '9000_broken.sql'"));
    }

    [Fact]
    public async Task Two_migrate_processes_started_together_both_succeed_and_apply_once()
    {
        var cs = await TestCluster.CreateEmptyDatabaseAsync();

        var runs = await Task.WhenAll(LogisticsCli.RunAsync(cs, "migrate"), LogisticsCli.RunAsync(cs, "migrate"));

        Assert.All(runs, r => Assert.True(r.ExitCode == 0, r.Stderr));
        // Exactly one of them applied the files; the other waited on the lock and found nothing to do.
        Assert.Single(runs, r => r.Stdout.Contains("applied"));
        Assert.Single(runs, r => r.Stdout.Contains("up to date"));
        await using var conn = new NpgsqlConnection(cs);
        var names = (await conn.QueryAsync<string>("SELECT name FROM schema_migrations ORDER BY name")).ToList();
        Assert.Equal(Migration.LoadAll().Select(m => m.Name), names);
    }
}
