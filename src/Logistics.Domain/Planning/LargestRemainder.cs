namespace Logistics.Domain.Planning;

/// <summary>Integer rounding that preserves totals; ties go to the lower index, so callers order inputs.</summary>
public static class LargestRemainder
{
    /// <summary>Rounds each value so the parts sum to round-half-up of the total (negatives count as 0).</summary>
    public static long[] Round(IReadOnlyList<double> values)
    {
        var result = new long[values.Count];
        var frac = new double[values.Count];
        double sum = 0;
        long floors = 0;
        for (int i = 0; i < values.Count; i++)
        {
            double v = Math.Max(0, values[i]);
            sum += v;
            result[i] = (long)Math.Floor(v);
            frac[i] = v - result[i];
            floors += result[i];
        }
        long left = (long)Math.Floor(sum + 0.5) - floors;
        Distribute(result, frac, left);
        return result;
    }

    /// <summary>Splits <paramref name="total"/> pro rata to non-negative integer weights (total ≤ Σweights keeps each part ≤ its weight).</summary>
    public static long[] Split(long total, IReadOnlyList<long> weights)
    {
        var result = new long[weights.Count];
        long sumW = 0;
        for (int i = 0; i < weights.Count; i++) sumW += weights[i];
        if (total <= 0 || sumW <= 0) return result;
        var frac = new double[weights.Count];
        long given = 0;
        for (int i = 0; i < weights.Count; i++)
        {
            // Exact integer quotient and remainder: no floating error on large counts.
            Int128 product = (Int128)total * weights[i];
            Int128 q = product / sumW, rem = product - q * sumW;
            result[i] = (long)q;
            frac[i] = (double)rem / sumW;
            given += result[i];
        }
        Distribute(result, frac, total - given);
        return result;
    }

    private static void Distribute(long[] result, double[] frac, long left)
    {
        if (left <= 0) return;
        int n = result.Length;
        if (n < 1 << 20)
        {
            // One primitive key per part: larger fraction first (quantised to 2^-40), then lower index.
            // Keys are distinct, so the parts that get one more are exactly those with the `left`
            // smallest keys: selecting them is enough, and much cheaper than sorting when few are left.
            var keys = new long[n];
            for (int i = 0; i < n; i++) keys[i] = ((long)((1 - frac[i]) * (1L << 40)) << 20) | (long)i;
            if (left >= n) { for (int i = 0; i < n; i++) result[i]++; return; }
            var threshold = Smallest((long[])keys.Clone(), (int)left);
            for (int i = 0; i < n; i++) if (keys[i] <= threshold) result[i]++;
            return;
        }
        var order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        Array.Sort(order, (a, b) => frac[a] != frac[b] ? frac[b].CompareTo(frac[a]) : a.CompareTo(b));
        for (int k = 0; k < n && left > 0; k++, left--) result[order[k]]++;
    }

    /// <summary>The <paramref name="k"/>-th smallest (1-based) of distinct <paramref name="keys"/> (reordered in place): quickselect.</summary>
    private static long Smallest(long[] keys, int k)
    {
        int lo = 0, hi = keys.Length - 1, target = k - 1;
        while (lo < hi)
        {
            var pivot = keys[lo + (hi - lo) / 2];
            int i = lo, j = hi;
            while (i <= j)
            {
                while (keys[i] < pivot) i++;
                while (keys[j] > pivot) j--;
                if (i <= j) { (keys[i], keys[j]) = (keys[j], keys[i]); i++; j--; }
            }
            if (target <= j) hi = j;
            else if (target >= i) lo = i;
            else break;
        }
        return keys[target];
    }
}
