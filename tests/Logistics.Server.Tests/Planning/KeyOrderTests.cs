using Logistics.Server.Planning;

namespace Logistics.Server.Tests.Planning;

/// <summary>The key order restored in process: null when rows are already in it, the unique sorting permutation otherwise, packed or compared alike.</summary>
public sealed class KeyOrderTests
{
    private static (int[] A, int[] B, int[] C) Rows(int n, int seed)
    {
        var random = new Random(seed);
        var keys = Enumerable.Range(0, n).Select(i => (A: i / 100, B: i / 10 % 10, C: i % 10)).OrderBy(_ => random.Next()).ToArray();
        return (keys.Select(k => k.A).ToArray(), keys.Select(k => k.B).ToArray(), keys.Select(k => k.C).ToArray());
    }

    [Fact]
    public void Rows_in_key_order_need_no_permutation()
    {
        var n = 1000;
        Assert.Null(KeyOrder.Of(n, new(i => i / 100, 10), new(i => i / 10 % 10, 10), new(i => i % 10, 10)));
        // Too wide to pack in 64 bits: compared field by field.
        Assert.Null(KeyOrder.Of(n, new(i => i / 100, 1 << 30), new(i => i / 10 % 10, 1 << 30), new(i => i % 10, 1 << 30)));
    }

    [Fact]
    public void Scrambled_rows_get_the_one_sorting_permutation_packed_or_compared()
    {
        var (a, b, c) = Rows(1000, 5);
        var packed = KeyOrder.Of(1000, new(i => a[i], 10), new(i => b[i], 10), new(i => c[i], 10));
        var compared = KeyOrder.Of(1000, new(i => a[i], 1 << 30), new(i => b[i], 1 << 30), new(i => c[i], 1 << 30));
        Assert.NotNull(packed);
        Assert.Equal(packed, compared);
        Assert.Equal(Enumerable.Range(0, 1000), packed!.Select(i => a[i] * 100 + b[i] * 10 + c[i]));
    }

    [Fact]
    public void Rows_scrambled_only_within_their_leading_field_sort_the_same_packed_or_compared()
    {
        var (a, b, c) = Rows(1000, 7);
        var byLeading = Enumerable.Range(0, 1000).OrderBy(i => a[i]).ToArray();   // leading field in order, the rest scrambled
        (a, b, c) = (byLeading.Select(i => a[i]).ToArray(), byLeading.Select(i => b[i]).ToArray(), byLeading.Select(i => c[i]).ToArray());
        var packed = KeyOrder.Of(1000, new(i => a[i], 10), new(i => b[i], 10), new(i => c[i], 10));
        Assert.Equal(packed, KeyOrder.Of(1000, new(i => a[i], 1 << 30), new(i => b[i], 1 << 30), new(i => c[i], 1 << 30)));
        Assert.Equal(Enumerable.Range(0, 1000), packed!.Select(i => a[i] * 100 + b[i] * 10 + c[i]));
    }

    [Fact]
    public void A_repeated_key_is_refused()
    {
        int[] a = [1, 0, 1];
        Assert.Throws<InvalidOperationException>(() => KeyOrder.Of(3, new KeyField(i => a[i], 2)));
        Assert.Throws<InvalidOperationException>(() => KeyOrder.Of(3, new KeyField(i => a[i], 1 << 30), new(i => 0, 1 << 30), new(i => 0, 1 << 30)));
    }
}
