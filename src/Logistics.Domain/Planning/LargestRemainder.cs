namespace Logistics.Domain.Planning;

/// <summary>Integer rounding that preserves totals; ties go to the lower index, so callers order inputs.</summary>
public static class LargestRemainder
{
    /// <summary>
    /// Working arrays reused across calls by one caller (one thread): the planning run rounds hundreds
    /// of thousands of small vectors, and fresh arrays for each were a good part of its allocations.
    /// </summary>
    public sealed class Scratch
    {
        internal double[] Frac = [];
        internal long[] Keys = [], Select = [];
        internal readonly int[] Buckets = new int[BucketCount];

        internal void Ensure(int n)
        {
            if (Frac.Length >= n) return;
            var size = Math.Max(n, 2 * Frac.Length);
            (Frac, Keys, Select) = (new double[size], new long[size], new long[size]);
        }
    }

    /// <summary>Rounds each value so the parts sum to round-half-up of the total (negatives count as 0).</summary>
    public static long[] Round(IReadOnlyList<double> values)
    {
        var v = new double[values.Count];
        for (int i = 0; i < v.Length; i++) v[i] = values[i];
        var result = new long[v.Length];
        Round(v, result, new Scratch());
        return result;
    }

    /// <summary>As <see cref="Round(IReadOnlyList{double})"/>, into <paramref name="result"/> (the same length as the values).</summary>
    public static void Round(ReadOnlySpan<double> values, Span<long> result, Scratch scratch)
    {
        int n = values.Length;
        scratch.Ensure(n);
        var frac = scratch.Frac.AsSpan(0, n);
        double sum = 0;
        long floors = 0;
        for (int i = 0; i < n; i++)
        {
            double v = Math.Max(0, values[i]);
            sum += v;
            result[i] = (long)Math.Floor(v);
            frac[i] = v - result[i];
            floors += result[i];
        }
        long left = (long)Math.Floor(sum + 0.5) - floors;
        Distribute(result[..n], frac, left, scratch);
    }

    /// <summary>Splits <paramref name="total"/> pro rata to non-negative integer weights (total ≤ Σweights keeps each part ≤ its weight).</summary>
    public static long[] Split(long total, IReadOnlyList<long> weights)
    {
        var w = new long[weights.Count];
        for (int i = 0; i < w.Length; i++) w[i] = weights[i];
        var result = new long[w.Length];
        Split(total, w, result, new Scratch());
        return result;
    }

    /// <summary>As <see cref="Split(long, IReadOnlyList{long})"/>, into <paramref name="result"/> (the same length as the weights).</summary>
    public static void Split(long total, ReadOnlySpan<long> weights, Span<long> result, Scratch scratch)
    {
        int n = weights.Length;
        result[..n].Clear();
        long sumW = 0;
        for (int i = 0; i < n; i++) sumW += weights[i];
        if (total <= 0 || sumW <= 0) return;
        scratch.Ensure(n);
        var frac = scratch.Frac.AsSpan(0, n);
        long given = 0;
        for (int i = 0; i < n; i++)
        {
            // Exact integer quotient and remainder: no floating error on large counts.
            Int128 product = (Int128)total * weights[i];
            Int128 q = product / sumW, rem = product - q * sumW;
            result[i] = (long)q;
            frac[i] = (double)rem / sumW;
            given += result[i];
        }
        Distribute(result[..n], frac, total - given, scratch);
    }

    private static void Distribute(Span<long> result, Span<double> frac, long left, Scratch scratch)
    {
        if (left <= 0) return;
        int n = result.Length;
        if (n < 1 << 20)
        {
            // One primitive key per part: larger fraction first (quantised to 2^-40), then lower index.
            // Keys are distinct, so the parts that get one more are exactly those with the `left`
            // smallest keys: selecting them is enough, and much cheaper than sorting when few are left.
            if (left >= n) { for (int i = 0; i < n; i++) result[i]++; return; }
            var keys = scratch.Keys.AsSpan(0, n);
            var select = scratch.Select.AsSpan(0, n);
            for (int i = 0; i < n; i++) keys[i] = ((long)((1 - frac[i]) * (1L << 40)) << 20) | (long)i;
            var threshold = n < 256 ? SmallestOfCopy(keys, select, (int)left) : Threshold(keys, select, (int)left, scratch.Buckets);
            for (int i = 0; i < n; i++) if (keys[i] <= threshold) result[i]++;
            return;
        }
        var order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        var f = frac.ToArray();
        Array.Sort(order, (a, b) => f[a] != f[b] ? f[b].CompareTo(f[a]) : a.CompareTo(b));
        for (int k = 0; k < n && left > 0; k++, left--) result[order[k]]++;
    }

    private const int BucketShift = 50, BucketCount = (1 << (60 - BucketShift)) + 1; // a key's fraction part (≤ 2^40, shifted by 20) in 1,025 buckets

    private static long SmallestOfCopy(Span<long> keys, Span<long> select, int k)
    {
        keys.CopyTo(select);
        return Smallest(select, k);
    }

    /// <summary>
    /// The <paramref name="k"/>-th smallest of distinct keys, as <see cref="Smallest"/>: the keys are
    /// counted into buckets by their top bits first, so only the bucket the k-th falls in is
    /// selected from. Long vectors (a merchant-warehouse's 1,500 forecast rows) otherwise spent most
    /// of their rounding in the quickselect's unpredictable branches.
    /// </summary>
    private static long Threshold(Span<long> keys, Span<long> select, int k, int[] buckets)
    {
        Array.Clear(buckets);
        foreach (var key in keys)
        {
            var at = key >> BucketShift;
            if ((ulong)at >= BucketCount) return SmallestOfCopy(keys, select, k); // a fraction outside [0, 1] (a negative weight): the plain way
            buckets[at]++;
        }
        int b = 0, before = 0;
        for (; before + buckets[b] < k; b++) before += buckets[b];
        var m = 0;
        foreach (var key in keys) if ((int)(key >> BucketShift) == b) select[m++] = key;
        return Smallest(select[..m], k - before);
    }

    /// <summary>The <paramref name="k"/>-th smallest (1-based) of distinct <paramref name="keys"/> (reordered in place).</summary>
    private static long Smallest(Span<long> keys, int k) => Forecasting.Stats.Select(keys, k - 1);
}
