namespace Logistics.Server.Storage;

/// <summary>
/// Advisory file locks between processes. On Unix .NET takes flock(LOCK_EX) for FileShare.None and
/// flock(LOCK_SH) for a read-only open that shares; both are non-blocking, so waiting is a poll.
/// </summary>
internal static class FileLock
{
    public static FileStream? TryExclusive(string path)
    {
        try { return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None); }
        catch (IOException) { return null; }
    }

    public static FileStream? TryShared(string path)
    {
        try
        {
            if (!File.Exists(path)) File.WriteAllText(path, "");
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        }
        catch (IOException) { return null; }
    }

    public static async Task<FileStream> WaitAsync(Func<string, FileStream?> take, string path, TimeSpan timeout, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (take(path) is { } held) return held;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"another process has held {path} for more than {timeout.TotalSeconds:0} s");
            await Task.Delay(50, ct);
        }
    }
}
