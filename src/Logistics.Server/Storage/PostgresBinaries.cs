namespace Logistics.Server.Storage;

/// <summary>Finds initdb and pg_ctl: LOGISTICS_PG_BIN, then PATH, then /usr/lib/postgresql/*/bin (newest first).</summary>
internal static class PostgresBinaries
{
    public const string InstallHint = "apt-get install -y postgresql";

    public static string? FindBinDirectory()
    {
        var forced = Environment.GetEnvironmentVariable("LOGISTICS_PG_BIN");
        if (!string.IsNullOrWhiteSpace(forced))
            return HasTools(forced) ? forced : null;

        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
            if (HasTools(dir))
                return ResolveLinkedDirectory(dir);

        const string root = "/usr/lib/postgresql";
        if (Directory.Exists(root))
        {
            var versions = Directory.GetDirectories(root)
                .Select(d => (dir: Path.Combine(d, "bin"), version: int.TryParse(Path.GetFileName(d), out var v) ? v : 0))
                .Where(x => HasTools(x.dir))
                .OrderByDescending(x => x.version);
            foreach (var (dir, _) in versions)
                return dir;
        }
        return null;
    }

    private static bool HasTools(string dir) =>
        File.Exists(Path.Combine(dir, "initdb")) && File.Exists(Path.Combine(dir, "pg_ctl"));

    // /usr/local/bin/initdb is often a symlink into the versioned bin folder, where `postgres` lives.
    private static string ResolveLinkedDirectory(string dir)
    {
        var target = new FileInfo(Path.Combine(dir, "initdb")).ResolveLinkTarget(returnFinalTarget: true);
        return target is null ? dir : Path.GetDirectoryName(target.FullName) ?? dir;
    }
}
