using Logistics.Server.Storage;

namespace Logistics.Server.Cli;

internal static class MigrateCommand
{
    public static async Task<int> RunAsync(TextWriter stdout, CancellationToken ct)
    {
        await using var db = await Database.OpenAsync(null, ct);
        var applied = await new MigrationRunner(db.DataSource, Migration.LoadAll()).MigrateAsync(ct);
        stdout.WriteLine(applied.Count == 0
            ? $"up to date ({db.Description})"
            : $"applied {string.Join(", ", applied)} ({db.Description})");
        return 0;
    }
}
