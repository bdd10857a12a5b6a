namespace Logistics.Domain.Forecasting;

/// <summary>
/// Signals on daily series (the backtest format's optional columns): a series-day with any signal is
/// forecast as α·(series level before the cutoff) + Σ β[k]·signal[k] of that day, with α, β ≥ 0
/// fitted by non-negative least squares on the previous campaign's same window (its level before the
/// previous cutoff, its signals and parcels). Days without any signal keep the history-only forecast.
/// A signal column on a date is taken as known at the cutoff (pre-sale counts for that date).
/// </summary>
public static class SeriesSignalModel
{
    private const int MinRows = 8;
    private const int MinCalibration = 20;

    /// <summary>Signals per series and date: four values (carts, favorites, deposits, presale_orders), NaN when unknown.</summary>
    public static SeriesForecast Apply(
        SeriesForecast historyOnly,
        IReadOnlyDictionary<string, IReadOnlyDictionary<DateOnly, double>> history,
        IReadOnlyDictionary<string, IReadOnlyDictionary<DateOnly, double[]>> signals,
        DateOnly cutoff,
        SeriesModelOptions? options = null)
    {
        var o = options ?? SeriesModelOptions.Default;
        if (signals.Count == 0 || historyOnly.PreviousCampaignDay is not { } prev || historyOnly.CurrentCampaignDay is not { } cur)
            return historyOnly;
        var shift = cur.DayNumber - prev.DayNumber;
        var prevCutoff = cutoff.AddDays(-shift);
        var dims = 1 + SignalKinds.Count;

        // Fit on the previous campaign: the same dates as the forecast, a campaign earlier.
        var gram = new double[dims, dims];
        var rhs = new double[dims];
        var rows = new List<(double[] X, double Y)>();
        var dates = historyOnly.Days.Select(d => d.Date).Distinct().Order().ToArray();
        foreach (var series in signals.Keys.Order(StringComparer.Ordinal))
        {
            if (!history.TryGetValue(series, out var values)) continue;
            if (SeriesLiftModel.Level(values, prevCutoff, o.LevelDays, cutoff, strict: true) is not { } level) continue;
            var sig = signals[series];
            foreach (var date in dates)
            {
                var d = date.AddDays(-shift);
                if (d > cutoff || !values.TryGetValue(d, out var y) || !sig.TryGetValue(d, out var s) || AllUnknown(s)) continue;
                var x = Features(level, s);
                rows.Add((x, y));
                for (var a = 0; a < dims; a++)
                {
                    rhs[a] += x[a] * y;
                    for (var b = 0; b < dims; b++) gram[a, b] += x[a] * x[b];
                }
            }
        }
        if (rows.Count < MinRows) return historyOnly;
        var beta = Nnls.Solve(gram, rhs, 500);

        // Upper band: actual ÷ fitted on the previous campaign (in-sample, so a floor of the real spread).
        var ratios = new List<double>();
        foreach (var (x, y) in rows)
        {
            var f = Dot(beta, x);
            if (f > 0) ratios.Add(y / f);
        }
        var band = ratios.Count >= MinCalibration ? Math.Max(1, Stats.Quantile(ratios, o.UpperQuantile)) : Math.Exp(historyOnly.UpperLog);

        var days = new List<SeriesDayForecast>(historyOnly.Days.Count);
        foreach (var f in historyOnly.Days)
        {
            if (signals.TryGetValue(f.Series, out var sig) && sig.TryGetValue(f.Date, out var s) && !AllUnknown(s)
                && history.TryGetValue(f.Series, out var values)
                && SeriesLiftModel.Level(values, cutoff, o.LevelDays, cutoff, strict: false) is { } level)
            {
                var p50 = Dot(beta, Features(level, s));
                days.Add(f with { P50 = p50, P90 = p50 * band });
            }
            else days.Add(f);
        }
        return historyOnly with { Days = days };
    }

    private static double[] Features(double level, double[] s)
    {
        var x = new double[1 + SignalKinds.Count];
        x[0] = level;
        for (var k = 0; k < SignalKinds.Count; k++) x[1 + k] = double.IsNaN(s[k]) ? 0 : s[k];
        return x;
    }

    private static bool AllUnknown(double[] s)
    {
        foreach (var v in s) if (!double.IsNaN(v)) return false;
        return true;
    }

    private static double Dot(double[] a, double[] b)
    {
        double s = 0;
        for (var i = 0; i < a.Length; i++) s += a[i] * b[i];
        return s;
    }
}
