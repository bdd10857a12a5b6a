namespace Logistics.Domain.Tests;

/// <summary>
/// Locates ../shared (the contracts and the real data sets, never copied into the repository): the
/// LOGISTICS_SHARED_DATA variable naming its data folder, else a "shared/data" folder in any ancestor
/// of the test binaries.
/// </summary>
public static class SharedData
{
    public const string SiteSeries = "site_daily_parcels_dev.csv";

    /// <summary>The data folder, or null when this machine has none.</summary>
    public static string? Folder { get; } = Locate();

    /// <summary>A file of the data folder.</summary>
    public static string File(string name) =>
        Path.Combine(Folder ?? throw new InvalidOperationException("../shared/data is absent"), name);

    /// <summary>A file beside the data folder (CONTRACTS.md).</summary>
    public static string Beside(string name) =>
        Path.Combine(Path.GetDirectoryName(Folder ?? throw new InvalidOperationException("../shared/data is absent"))!, name);

    private static string? Locate()
    {
        var env = Environment.GetEnvironmentVariable("LOGISTICS_SHARED_DATA");
        if (!string.IsNullOrEmpty(env) && System.IO.File.Exists(Path.Combine(env, SiteSeries))) return env;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "data");
            if (System.IO.File.Exists(Path.Combine(candidate, SiteSeries))) return candidate;
        }
        return null;
    }
}

/// <summary>A fact that is skipped, saying why, when ../shared/data is not on this machine.</summary>
public sealed class SharedDataFactAttribute : FactAttribute
{
    public SharedDataFactAttribute()
    {
        if (SharedData.Folder is null)
            Skip = "../shared/data absent: no shared/data/site_daily_parcels_dev.csv above the test binaries (set LOGISTICS_SHARED_DATA)";
    }
}
