using Logistics.Server.Infrastructure;

namespace Logistics.Server.Tests.Infrastructure;

/// <summary>
/// The arena cap and the trim reach glibc (Debian's, where the service runs and CI tests): a library
/// name that did not resolve would make both quiet no-ops, and the soak's RSS would creep up again.
/// </summary>
public sealed class GlibcMallocTests
{
    [Fact]
    public void The_arena_cap_and_the_trim_reach_glibc_unless_the_operator_set_the_arenas()
    {
        Assert.True(OperatingSystem.IsLinux(), "the service and its tests run on Linux");
        GlibcMalloc.CapArenas();
        // An operator's MALLOC_ARENA_MAX wins: the cap is then left alone.
        Assert.Equal(Environment.GetEnvironmentVariable("MALLOC_ARENA_MAX") is null, GlibcMalloc.ArenasCapped);
        Assert.True(GlibcMalloc.Trim());
    }
}
