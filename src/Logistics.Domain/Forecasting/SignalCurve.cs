namespace Logistics.Domain.Forecasting;

/// <summary>
/// A past campaign's signal events per (category, signal) and day to its first sale day: how much
/// of the final signals was collected by a given day, which scales partial signals up to final ones.
/// </summary>
internal static class SignalCurve
{
    /// <summary>Signals further than this many days from the first sale day are not part of its curve.</summary>
    public const int Span = 366;

    /// <summary>Share of each (category, signal) final total already collected at the as-of date, from the previous campaign's curve.</summary>
    public static double[] CollectedShare(List<double[]?> curve, int asOfOffset, int categories, SignalModelOptions o)
    {
        var share = new double[SignalKinds.Count * categories];
        Array.Fill(share, 1.0);
        var total = new double[share.Length];
        var upTo = new double[share.Length];
        var allTotal = new double[SignalKinds.Count];
        var allUpTo = new double[SignalKinds.Count];
        for (var key = 0; key < curve.Count; key++)
        {
            if (curve[key] is not { } perDay) continue;
            for (var day = 0; day < perDay.Length; day++)
            {
                var v = perDay[day];
                total[key] += v; allTotal[key % SignalKinds.Count] += v;
                if (day - Span <= asOfOffset) { upTo[key] += v; allUpTo[key % SignalKinds.Count] += v; }
            }
        }
        for (var j = 0; j < share.Length; j++)
        {
            var k = j % SignalKinds.Count;
            var s = total[j] >= o.MinCategoryCurveEvents ? upTo[j] / total[j]
                : allTotal[k] > 0 ? allUpTo[k] / allTotal[k] : 1.0;
            share[j] = Math.Clamp(s, o.MinCollectedShare, 1.0);
        }
        return share;
    }
}
