namespace Logistics.Domain.Forecasting;

/// <summary>
/// History-only forecast of daily series around a campaign: each series' level before the cutoff
/// times the previous campaign's lift aligned by days-to-campaign-day. The lift is the pooled median
/// of the series' ratios (value ÷ that series' level before the previous cutoff), blended with the
/// series' own ratio, smoothed between peaks and shrunk toward 1. The P90 band is calibrated on the
/// previous campaign: how far each series' ratio fell from the curve of the other series.
/// Uses only values dated on or before the cutoff. Deterministic.
/// </summary>
public static class SeriesLiftModel
{
    /// <summary>Days of history used for the fallback level of a series too young for the full window.</summary>
    private const int ShortLevelDays = 7;
    /// <summary>Above this many series, leave-one-out calibration is replaced by in-sample (the pooled median barely moves).</summary>
    private const int LeaveOneOutMaxSeries = 400;
    private const int MinCalibrationResiduals = 20;

    public static SeriesForecast Forecast(
        IReadOnlyDictionary<string, IReadOnlyDictionary<DateOnly, double>> history,
        IReadOnlyList<DateOnly> campaignDays,
        DateOnly cutoff,
        DateOnly from,
        DateOnly to,
        SeriesModelOptions? options = null)
    {
        var o = options ?? SeriesModelOptions.Default;
        if (to < from) throw new ArgumentException("'to' is before 'from'.");
        var (prev, cur) = CampaignPair(campaignDays, cutoff);
        var shift = prev is { } p && cur is { } c ? c.DayNumber - p.DayNumber : 0;
        var n = to.DayNumber - from.DayNumber + 1;
        var ext = n + 2; // one day either side, so the smoothing kernel has neighbours
        var first = from.AddDays(-1);

        var keys = history.Keys.OrderBy(k => k, StringComparer.Ordinal).ToArray();
        var names = new List<string>();
        var levels = new List<double>();
        var young = new List<bool>();
        var ratios = new List<double[]>(); // per series, per extended day: previous-campaign ratio or NaN
        foreach (var key in keys)
        {
            var values = history[key];
            var level = Level(values, cutoff, o.LevelDays, cutoff, strict: false);
            if (level is null) continue;
            var full = Level(values, cutoff, o.LevelDays, cutoff, strict: true) is not null;
            var r = new double[ext];
            Array.Fill(r, double.NaN);
            if (shift > 0 && Level(values, cutoff.AddDays(-shift), o.LevelDays, cutoff, strict: true) is { } prevLevel && prevLevel > 0)
            {
                for (var e = 0; e < ext; e++)
                {
                    var d = first.AddDays(e - shift);
                    if (d <= cutoff && values.TryGetValue(d, out var v)) r[e] = v / prevLevel;
                }
            }
            names.Add(key);
            levels.Add(level.Value);
            young.Add(!full);
            ratios.Add(r);
        }

        var (curve, peak) = Curve(ratios, -1, ext, o);
        var (upperLog, count) = Calibrate(ratios, curve, ext, o);

        var days = new List<SeriesDayForecast>(names.Count * n);
        for (var s = 0; s < names.Count; s++)
        {
            for (var i = 0; i < n; i++)
            {
                var e = i + 1;
                var own = ratios[s][e];
                var logLift = Math.Log(curve[e]);
                if (!double.IsNaN(own)) logLift = o.OwnWeight * Math.Log(Math.Max(own, 0.01)) + (1 - o.OwnWeight) * logLift;
                var p50 = levels[s] * Math.Exp(Shrink(peak[e], o) * logLift);
                // A young series' level is a week of a ramp-up: its band is twice as wide.
                var width = young[s] ? 2 * upperLog : upperLog;
                days.Add(new SeriesDayForecast(names[s], from.AddDays(i), p50, p50 * Math.Exp(width)));
            }
        }
        return new SeriesForecast(days, shift > 0 ? prev : null, shift > 0 ? cur : null, upperLog, count);
    }

    /// <summary>The campaign being forecast (first after the cutoff) and the one before it (last on or before the cutoff).</summary>
    public static (DateOnly? Previous, DateOnly? Current) CampaignPair(IReadOnlyList<DateOnly> campaignDays, DateOnly cutoff)
    {
        DateOnly? prev = null, cur = null;
        foreach (var d in campaignDays)
        {
            if (d <= cutoff) { if (prev is null || d > prev) prev = d; }
            else if (cur is null || d < cur) cur = d;
        }
        return (prev, cur);
    }

    /// <summary>
    /// Mean of the values in the <paramref name="days"/> days up to <paramref name="end"/> (never past
    /// <paramref name="cutoff"/>). Needs a third of the days present; when not <paramref name="strict"/>,
    /// a young series (often still ramping up) falls back to the mean of its last week.
    /// </summary>
    internal static double? Level(IReadOnlyDictionary<DateOnly, double> values, DateOnly end, int days, DateOnly cutoff, bool strict)
    {
        if (end > cutoff) end = cutoff;
        double sum = 0, shortSum = 0;
        int count = 0, shortCount = 0;
        for (var i = 0; i < days; i++)
        {
            if (!values.TryGetValue(end.AddDays(-i), out var v)) continue;
            sum += v; count++;
            if (i < ShortLevelDays) { shortSum += v; shortCount++; }
        }
        if (count > 0 && count * 3 >= days) return sum / count;
        if (!strict && shortCount > 0) return shortSum / shortCount;
        return null;
    }

    /// <summary>Pooled lift per extended day: median ratio over series (all but <paramref name="skip"/>), 1 where none, smoothed between peaks.</summary>
    private static double Shrink(bool peak, SeriesModelOptions o) => peak ? o.PeakLiftShrink : o.ValleyLiftShrink;

    private static (double[] Curve, bool[] Peak) Curve(List<double[]> ratios, int skip, int ext, SeriesModelOptions o)
    {
        var raw = new double[ext];
        var buffer = new List<double>(ratios.Count);
        for (var e = 0; e < ext; e++)
        {
            buffer.Clear();
            for (var s = 0; s < ratios.Count; s++)
                if (s != skip && !double.IsNaN(ratios[s][e])) buffer.Add(ratios[s][e]);
            raw[e] = buffer.Count == 0 ? 1.0 : Math.Max(Stats.Median(buffer), 0.01);
        }
        var smooth = (double[])raw.Clone();
        var peaks = new bool[ext];
        for (var e = 1; e < ext - 1; e++)
        {
            peaks[e] = raw[e] >= raw[e - 1] && raw[e] >= raw[e + 1] && raw[e] > o.PeakRatio;
            if (!peaks[e]) smooth[e] = (1 - o.Smoothing) * raw[e] + o.Smoothing * (raw[e - 1] + raw[e + 1]) / 2;
        }
        return (smooth, peaks);
    }

    /// <summary>
    /// Log width of the upper band: the spread (quantile minus median) of log(series ratio ÷ shrunk
    /// curve of the other series) over the previous campaign's window. That is the error the model
    /// makes when it knows the pooled curve but not the series' own deviation from it.
    /// </summary>
    private static (double UpperLog, int Count) Calibrate(List<double[]> ratios, double[] curve, int ext, SeriesModelOptions o)
    {
        var residuals = new List<double>();
        var loo = ratios.Count <= LeaveOneOutMaxSeries;
        for (var s = 0; s < ratios.Count; s++)
        {
            var has = false;
            for (var e = 1; e < ext - 1 && !has; e++) has = !double.IsNaN(ratios[s][e]);
            if (!has) continue;
            var (others, peaks) = loo ? Curve(ratios, s, ext, o) : (curve, Curve(ratios, -1, ext, o).Peak);
            for (var e = 1; e < ext - 1; e++)
            {
                var r = ratios[s][e];
                if (double.IsNaN(r) || r <= 0) continue;
                residuals.Add(Math.Log(r) - Shrink(peaks[e], o) * Math.Log(others[e]));
            }
        }
        if (residuals.Count < MinCalibrationResiduals) return (o.DefaultUpperLog, residuals.Count);
        var count = residuals.Count;
        var upper = Stats.Quantile(residuals, o.UpperQuantile);
        var median = Stats.Quantile(residuals, 0.5);
        return (Math.Max(0, upper - median), count);
    }
}
