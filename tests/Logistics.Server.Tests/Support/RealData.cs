namespace Logistics.Server.Tests.Support;

/// <summary>
/// ../shared/data (the real data, never copied into the repository): LOGISTICS_SHARED_DATA, else a
/// "shared/data" folder above the test binaries. Tests that need it are skipped, saying why, without it.
/// </summary>
public static class RealData
{
    public static string? Folder { get; } = Find();

    public static string File(string name) => Path.Combine(Folder ?? throw new InvalidOperationException("shared data absent"), name);

    private static string? Find()
    {
        var env = Environment.GetEnvironmentVariable("LOGISTICS_SHARED_DATA");
        if (!string.IsNullOrEmpty(env) && Directory.Exists(env)) return env;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (Directory.Exists(Path.Combine(dir.FullName, "shared", "data"))) return Path.Combine(dir.FullName, "shared", "data");
        return null;
    }
}

public sealed class RealDataFactAttribute : FactAttribute
{
    public RealDataFactAttribute()
    {
        if (RealData.Folder is null) Skip = "real data absent: no shared/data above the test binaries (set LOGISTICS_SHARED_DATA)";
    }
}
