namespace Logistics.Server.Infrastructure;

/// <summary>
/// Gives the heap freed by one large piece of work back to the operating system. The collector keeps
/// what it once committed until the next pressure, so an idle server would otherwise sit at its last
/// peak, and the next stage's peak stacks on top (the `upload-memory` and `planning` benchmarks
/// measure it). A blocking compacting collection, well under a second, after work that took many
/// seconds. A planning run calls it where a stage has just dropped gigabytes (the demand columns,
/// the forecast, the planner's graphs), never right after the snapshot: compacting there would copy
/// the live demand columns while the old copy is still held, at the run's peak. The native heap is
/// trimmed with it.
/// </summary>
internal static class MemoryReturn
{
    /// <summary>Bodies from this size up are worth a collection once they are done with.</summary>
    public const long LargeBodyBytes = 4L * 1024 * 1024;

    public static void Now()
    {
        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        GlibcMalloc.Trim();
    }

    public static void AfterBody(long bytes)
    {
        if (bytes >= LargeBodyBytes) Now();
    }
}
