namespace Logistics.Domain.Tests.Scenarios;

/// <summary>Finds ../shared/data (read-only real data) by walking up from the test's directory.</summary>
internal static class SharedData
{
    public static string? Find(string file, bool parentOfData = false)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var data = Path.Combine(dir.FullName, "shared", "data");
            if (Directory.Exists(data))
            {
                var path = parentOfData ? Path.Combine(dir.FullName, "shared", file) : Path.Combine(data, file);
                return File.Exists(path) ? path : null;
            }
        }
        return null;
    }
}

/// <summary>A fact that is skipped, with a clear reason, when ../shared/data is not on this machine.</summary>
public sealed class SharedDataFactAttribute : FactAttribute
{
    public SharedDataFactAttribute()
    {
        if (SharedData.Find("README.md") is null)
            Skip = "../shared/data not found (walked up from the test directory); real-data calibration checks skipped.";
    }
}
