namespace Logistics.Domain.Tests;

/// <summary>Parallel work fails as the serial code did: with its own exception, once every part has ended.</summary>
public sealed class ParallelismTests
{
    [Fact]
    public void A_lone_failure_in_nested_loops_is_thrown_as_itself_after_every_part_has_ended()
    {
        var ended = 0;
        var e = Assert.Throws<InvalidOperationException>(() => Parallelism.Invoke(
            () => Parallel.For(0, 4, i => { if (i == 2) throw new InvalidOperationException("handover before release"); }),
            () => { Thread.Sleep(300); Interlocked.Increment(ref ended); }));
        Assert.Equal("handover before release", e.Message);
        Assert.Equal(1, Volatile.Read(ref ended));
    }

    [Fact]
    public void Two_failures_are_both_kept()
    {
        var e = Assert.Throws<AggregateException>(() => Parallelism.Invoke(
            () => throw new InvalidOperationException("one"), () => throw new ArgumentException("two")));
        Assert.Equal(["one", "two"], e.Flatten().InnerExceptions.Select(x => x.Message).Order());
    }

    [Fact]
    public void Ranges_cover_every_index_once_and_an_empty_count_does_nothing()
    {
        var seen = new int[10_000];
        Parallelism.ForRanges(seen.Length, 700, () => new List<int>(), (from, to, mine) =>
        {
            for (var i = from; i < to; i++) Interlocked.Increment(ref seen[i]);
        });
        Assert.All(seen, n => Assert.Equal(1, n));
        var calls = 0;
        Parallelism.ForRanges(0, 64, (_, _) => Interlocked.Increment(ref calls));
        Assert.Equal(0, calls);
    }
}
