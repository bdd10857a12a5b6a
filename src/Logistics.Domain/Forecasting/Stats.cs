using System.Runtime.InteropServices;

namespace Logistics.Domain.Forecasting;

/// <summary>Small deterministic statistics helpers (order statistics, linear interpolation).</summary>
internal static class Stats
{
    /// <summary>
    /// Quantile with linear interpolation between the two order statistics around it, exactly as
    /// sorting would give; reorders <paramref name="values"/> in place. Only those two are selected:
    /// the forecast's bands take quantiles of millions of ratios, and sorting them was a good part
    /// of its calibration.
    /// </summary>
    public static double Quantile(List<double> values, double p)
    {
        if (values.Count == 0) return double.NaN;
        if (!(p >= 0 && p <= 1)) throw new ArgumentOutOfRangeException(nameof(p), p, "a quantile is between 0 and 1");
        var pos = p * (values.Count - 1);
        var lo = (int)Math.Floor(pos);
        var hi = Math.Min(lo + 1, values.Count - 1);
        var span = CollectionsMarshal.AsSpan(values);
        double a, b;
        if (span.ContainsAnyExceptInRange(double.NegativeInfinity, double.PositiveInfinity))
        {
            // A NaN: sort, which orders it first, as the selection's comparisons cannot.
            values.Sort();
            (a, b) = (values[lo], values[hi]);
        }
        else
        {
            a = Select(span, lo);           // now everything before lo is ≤ a and everything after ≥ a
            b = hi == lo ? a : Min(span[hi..]);
        }
        return a + (b - a) * (pos - lo);
    }

    public static double Median(List<double> values) => Quantile(values, 0.5);

    /// <summary>
    /// The k-th smallest (0-based), left at index k with none larger before it and none smaller
    /// after: quickselect, in place. Also <see cref="Planning.LargestRemainder"/>'s threshold.
    /// </summary>
    internal static T Select<T>(Span<T> v, int k) where T : System.Numerics.IComparisonOperators<T, T, bool>
    {
        int lo = 0, hi = v.Length - 1;
        while (lo < hi)
        {
            var pivot = v[lo + (hi - lo) / 2];
            int i = lo, j = hi;
            while (i <= j)
            {
                while (v[i] < pivot) i++;
                while (v[j] > pivot) j--;
                if (i <= j) { (v[i], v[j]) = (v[j], v[i]); i++; j--; }
            }
            if (k <= j) hi = j;
            else if (k >= i) lo = i;
            else break;    // between j and i everything equals the pivot
        }
        return v[k];
    }

    private static double Min(ReadOnlySpan<double> v)
    {
        var min = v[0];
        foreach (var x in v) if (x < min) min = x;
        return min;
    }
}
