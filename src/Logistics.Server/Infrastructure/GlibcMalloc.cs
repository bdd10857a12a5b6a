using System.Runtime.InteropServices;

namespace Logistics.Server.Infrastructure;

/// <summary>
/// The native heap's share of the RSS. glibc gives a thread that mallocs under contention an arena of
/// its own, up to eight per core, and keeps what is freed in each: the JIT's and the drivers' native
/// allocations, spread over the thread pool's threads, made a served process's RSS creep up for ten
/// minutes (the `soak` benchmark; docs/performance.md). Fewer arenas, and a trim where the managed
/// heap is given back too, return it. An operator's own MALLOC_ARENA_MAX wins.
/// </summary>
internal static class GlibcMalloc
{
    public const int ArenaLimit = 2;
    private const int ArenaMax = -8;   // M_ARENA_MAX in glibc's malloc.h

    /// <summary>Whether <see cref="CapArenas"/> set the limit (the soak benchmark prints it).</summary>
    public static bool ArenasCapped { get; private set; }

    private static bool missing;

    /// <summary>Call first thing in Main: arenas made before the call stay.</summary>
    public static void CapArenas()
    {
        if (Environment.GetEnvironmentVariable("MALLOC_ARENA_MAX") is not null) return;
        _ = Call(() => ArenasCapped = Mallopt(ArenaMax, ArenaLimit) == 1);
    }

    /// <summary>Gives the free pages of every arena back to the operating system (glibc's malloc_trim).</summary>
    /// <returns>whether glibc was there to ask.</returns>
    public static bool Trim() => Call(() => MallocTrim(0));

    private static bool Call(Action call)
    {
        if (missing || !OperatingSystem.IsLinux()) return false;
        try { call(); return true; }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException) { missing = true; return false; }   // not glibc (musl has no arenas)
    }

    // DllImport: blittable calls need none of LibraryImport's generated marshalling (nor unsafe code).
    [DllImport("libc", EntryPoint = "mallopt")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Mallopt(int param, int value);

    [DllImport("libc", EntryPoint = "malloc_trim")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int MallocTrim(nuint pad);
}
