namespace Logistics.Server.Storage;

/// <summary>
/// Refuses, in one line a person can act on, a data folder this process cannot use because it
/// belongs to someone else: another user's folder it cannot write, or a cluster folder owned by
/// a user other than the one PostgreSQL runs as here (PostgreSQL refuses a data directory it does
/// not own). Without this, such a folder failed deep inside with a stack trace.
/// </summary>
internal static class DataFolderOwnership
{
    /// <param name="runAs">the user PostgreSQL runs as when this process is root; null: this process's own user.</param>
    /// <exception cref="EmbeddedPostgresException">the folder cannot be used.</exception>
    public static async Task CheckAsync(string dataRoot, string pgDir, string? runAs, CancellationToken ct)
    {
        var me = Environment.UserName;
        try { Directory.CreateDirectory(dataRoot); }
        catch (UnauthorizedAccessException)
        {
            throw new EmbeddedPostgresException(
                $"cannot create the data folder {dataRoot}: '{me}' may not write in {Path.GetDirectoryName(dataRoot)}; set LOGISTICS_DATA_DIR to a folder of your own");
        }
        if (!Environment.IsPrivilegedProcess && !CanWrite(dataRoot))
            throw new EmbeddedPostgresException(
                $"the data folder {dataRoot} belongs to '{await OwnerAsync(dataRoot, ct) ?? "another user"}' and '{me}' may not write in it: run as its owner, or set LOGISTICS_DATA_DIR to a folder of your own");

        // Only a finished cluster: a half-made one (initdb killed) is made again by whoever comes next.
        if (!File.Exists(Path.Combine(pgDir, "PG_VERSION")) || OperatingSystem.IsWindows()) return;
        var server = runAs ?? me;
        if (await OwnerAsync(pgDir, ct) is { } owner && owner != server)
            throw new EmbeddedPostgresException(
                $"the database folder {pgDir} belongs to '{owner}', but PostgreSQL here runs as '{server}' (it runs only as its data's owner): "
                + (runAs is null ? $"run as '{owner}'" : $"give it over with chown -R {server} {pgDir}")
                + ", or set LOGISTICS_DATA_DIR to a folder of your own");
    }

    private static bool CanWrite(string dir)
    {
        var probe = Path.Combine(dir, $".write-probe.{Environment.ProcessId}");
        try
        {
            using (File.Create(probe, 1, FileOptions.DeleteOnClose)) { }
            return true;
        }
        catch (UnauthorizedAccessException) { return false; }
        catch (IOException) { return false; }
    }

    /// <summary>The owner's name, from stat(1); null when it cannot tell.</summary>
    private static async Task<string?> OwnerAsync(string path, CancellationToken ct)
    {
        var args = OperatingSystem.IsMacOS() ? new[] { "-f", "%Su", path } : ["-c", "%U", path];
        try
        {
            var r = await ProcessRunner.RunAsync("stat", args, ct);
            return r.ExitCode == 0 && r.Output.Length > 0 ? r.Output : null;
        }
        catch (System.ComponentModel.Win32Exception) { return null; }   // no stat(1)
    }
}
