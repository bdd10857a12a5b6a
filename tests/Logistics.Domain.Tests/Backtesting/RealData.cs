namespace Logistics.Domain.Tests.Backtesting;

/// <summary>
/// Locates ../shared/data (the real data sets, never copied into the repository): the
/// LOGISTICS_SHARED_DATA variable, else a "shared/data" folder in any ancestor of the test binaries.
/// </summary>
public static class RealData
{
    public const string SiteSeries = "site_daily_parcels_dev.csv";

    public static string? Folder { get; } = Find();

    public static string File(string name) =>
        Path.Combine(Folder ?? throw new InvalidOperationException("shared data absent"), name);

    private static string? Find()
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

/// <summary>A fact that is skipped, saying why, when the real data folder is absent.</summary>
public sealed class RealDataFactAttribute : FactAttribute
{
    public RealDataFactAttribute()
    {
        if (RealData.Folder is null)
            Skip = "real data absent: no ../shared/data/site_daily_parcels_dev.csv above the test binaries (set LOGISTICS_SHARED_DATA)";
    }
}
