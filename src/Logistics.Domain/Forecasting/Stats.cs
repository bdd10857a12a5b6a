namespace Logistics.Domain.Forecasting;

/// <summary>Small deterministic statistics helpers (sort-based, linear interpolation).</summary>
internal static class Stats
{
    /// <summary>Quantile with linear interpolation; sorts <paramref name="values"/> in place.</summary>
    public static double Quantile(List<double> values, double p)
    {
        if (values.Count == 0) return double.NaN;
        values.Sort();
        var pos = p * (values.Count - 1);
        var lo = (int)Math.Floor(pos);
        var hi = Math.Min(lo + 1, values.Count - 1);
        return values[lo] + (values[hi] - values[lo]) * (pos - lo);
    }

    public static double Median(List<double> values) => Quantile(values, 0.5);
}
