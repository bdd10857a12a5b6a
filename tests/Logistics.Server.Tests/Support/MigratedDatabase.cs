using Logistics.Server.Storage;
using Npgsql;

namespace Logistics.Server.Tests.Support;

/// <summary>A fresh database migrated up to, not including, one migration: where a migration test stores what that migration must carry over.</summary>
internal static class MigratedDatabase
{
    /// <returns>The database, and every migration for the test to run once its rows are in.</returns>
    public static async Task<(NpgsqlDataSource Db, IReadOnlyList<Migration> All)> BeforeAsync(string migration)
    {
        var db = NpgsqlDataSource.Create(await TestCluster.CreateEmptyDatabaseAsync());
        var all = Migration.LoadAll();
        await new MigrationRunner(db, all.Where(m => string.CompareOrdinal(m.Name, migration) < 0).ToList()).MigrateAsync();
        return (db, all);
    }
}
