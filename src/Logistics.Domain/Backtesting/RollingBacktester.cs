using System.Globalization;
using Logistics.Domain.Forecasting;

namespace Logistics.Domain.Backtesting;

/// <summary>
/// Rolling-origin evaluation of the product's forecaster on real daily series. Every
/// campaign of <see cref="PeakCalendar"/> in the file is forecast in time order at its cutoff, from
/// the file's rows up to that cutoff and its previous same-kind campaign (a campaign without one in
/// the file is not scored). Nothing is chosen by looking at the scored window:
/// <list type="bullet">
/// <item>the level and lift parameters are the <see cref="Candidates"/> entry with the least absolute
/// error over the earlier scored campaigns (each forecast from its own cutoff); with none earlier, the
/// structural defaults of <see cref="SignalModelOptions"/>;</item>
/// <item>the P90 band is calibrated (<see cref="UpperBands"/>) on those earlier forecasts' residuals,
/// per size and days to the nearest sale day; with none earlier, the model's own fallback;</item>
/// <item>the naive quantile band is the naive lift × the 0.9 split-conformal ratio actual ÷ naive on
/// the same earlier campaigns (the same fallback with none).</item>
/// </list>
/// </summary>
public static class RollingBacktester
{
    public const int NaiveLevelDays = 14;
    private const double Quantile = 0.9;

    /// <summary>The grid the rolling procedure chooses from: how much of last year's lift to trust, how much of it is the series' own, and how the level is taken.</summary>
    public static IReadOnlyList<SignalModelOptions> Candidates { get; } =
    [
        .. from level in new[] { LevelStatistic.Mean, LevelStatistic.Median }
           from shrink in new[] { 1.0, 0.8, 0.6 }
           from own in new[] { 0.5, 0.25, 0.0 }
           select SignalModelOptions.Default with { Level = level, LiftShrink = shrink, OwnLiftWeight = own },
    ];

    public static RollingReport Run(IReadOnlyList<SeriesRow> rows)
    {
        if (rows.Count == 0) throw new ArgumentException("the series file has no rows");
        var series = Backtester.BySeries(rows);
        DateOnly first = rows.Min(r => r.Date), last = rows.Max(r => r.Date);
        var campaigns = PeakCalendar.Between(first, last);
        var scored = new List<(PeakCampaign Current, PeakCampaign Previous)>();
        var notScored = new List<string>();
        foreach (var c in campaigns)
        {
            var prev = campaigns.FirstOrDefault(p => p.Kind == c.Kind && p.Year == c.Year - 1);
            if (prev is null || prev.Cutoff.AddDays(-SignalModelOptions.Default.LevelDays + 1) < first)
                notScored.Add($"{string.Join(", ", c.Peaks.Select(p => p.Name))}: no previous {c.Kind} campaign with its level in the file");
            else scored.Add((c, prev));
        }
        var cache = new Dictionary<(string, int), Dictionary<(string, DateOnly), SeriesDay>>();
        var peaks = new List<PeakScore>();
        foreach (var (current, previous) in scored)
        {
            var training = scored.Where(s => s.Current.HorizonEnd <= current.Cutoff).ToList();
            var fit = Fit(rows, series, current, previous, training, cache);
            foreach (var peak in current.Peaks)
                peaks.Add(Score(series, current, previous, peak, training, fit));
        }
        return new RollingReport(peaks, ForecastScore.Mean([.. peaks.Select(p => p.Model)]), ForecastScore.Mean([.. peaks.Select(p => p.Naive)]), notScored);
    }

    internal sealed record Fitted(SignalModelOptions Options, string Parameters, Dictionary<(string, DateOnly), SeriesDay> Forecast, double NaiveBandRatio);

    /// <summary>Chooses parameters and calibrates bands on <paramref name="training"/> (earlier campaigns), then forecasts <paramref name="current"/>.</summary>
    internal static Fitted Fit(
        IReadOnlyList<SeriesRow> rows, Dictionary<string, IReadOnlyDictionary<DateOnly, double>> series,
        PeakCampaign current, PeakCampaign previous, IReadOnlyList<(PeakCampaign Current, PeakCampaign Previous)> training,
        Dictionary<(string, int), Dictionary<(string, DateOnly), SeriesDay>> cache)
    {
        Dictionary<(string, DateOnly), SeriesDay> Earlier(PeakCampaign c, PeakCampaign p, int k)
        {
            if (!cache.TryGetValue((c.Code, k), out var f))
            {
                // An earlier campaign is itself calibrated on nothing: only its P50 is read here.
                cache[(c.Code, k)] = f = SeriesForecaster.Forecast(rows, c, p, Candidates[k]);
            }
            return f;
        }

        var chosen = -1;
        if (training.Count > 0)
        {
            var best = double.MaxValue;
            for (var k = 0; k < Candidates.Count; k++)
            {
                double error = 0;
                foreach (var (c, p) in training)
                {
                    var f = Earlier(c, p, k);
                    foreach (var (key, values) in series)
                        for (var d = c.HorizonStart; d <= c.HorizonEnd; d = d.AddDays(1))
                            if (values.TryGetValue(d, out var actual))
                                error += Math.Abs((f.TryGetValue((key, d), out var x) ? x.P50 : 0) - actual);
                }
                if (error < best) { best = error; chosen = k; }
            }
        }
        var options = chosen < 0 ? SignalModelOptions.Default : Candidates[chosen];
        var naiveRatios = new List<double>();
        if (training.Count > 0)
        {
            var bands = new UpperBands();
            foreach (var (c, p) in training)
            {
                var f = Earlier(c, p, chosen);
                foreach (var (key, values) in series)
                {
                    var naive = new NaiveLift(values, c, p);
                    for (var d = c.HorizonStart; d <= c.HorizonEnd; d = d.AddDays(1))
                    {
                        if (!values.TryGetValue(d, out var actual)) continue;
                        if (f.TryGetValue((key, d), out var x)) bands.Add(x.P50, actual, UpperBands.DaysToPeak(d, c.SaleDays));
                        var n = naive.At(d);
                        if (n > 0) naiveRatios.Add(actual / n);
                    }
                }
            }
            options = options with { HistoryBands = bands.Calibrate(options.UpperQuantile, options.DefaultUpperRatio) };
        }
        var naiveRatio = naiveRatios.Count == 0 ? options.DefaultUpperRatio : UpperBands.Conformal(naiveRatios, Quantile);
        var parameters = string.Create(CultureInfo.InvariantCulture,
            $"{(chosen < 0 ? "defaults: " : "")}level {options.Level.ToString().ToLowerInvariant()} of {options.LevelDays} d, lift shrink {options.LiftShrink:0.##}, own lift {options.OwnLiftWeight:0.##}");
        return new Fitted(options, parameters, SeriesForecaster.Forecast(rows, current, previous, options), naiveRatio);
    }

    private static PeakScore Score(
        Dictionary<string, IReadOnlyDictionary<DateOnly, double>> series, PeakCampaign current, PeakCampaign previous, Peak peak,
        IReadOnlyList<(PeakCampaign Current, PeakCampaign Previous)> training, Fitted fit)
    {
        var (model, naive) = (new ScoreSum(), new ScoreSum());
        var hindsight = new List<(double, double, int)>();
        foreach (var key in series.Keys.Order(StringComparer.Ordinal))
        {
            var values = series[key];
            var lift = new NaiveLift(values, current, previous);
            for (var d = peak.From; d <= peak.To; d = d.AddDays(1))
            {
                if (!values.TryGetValue(d, out var actual)) continue;
                var f = fit.Forecast.TryGetValue((key, d), out var x) ? x : default;
                model.Add(f.P50, f.P90, actual);
                hindsight.Add((f.P50, actual, UpperBands.DaysToPeak(d, current.SaleDays)));
                var n = lift.At(d);
                naive.Add(n, n * fit.NaiveBandRatio, actual);
            }
        }
        return new PeakScore(peak.Name, current.Cutoff, peak.From, peak.To, [.. training.SelectMany(t => t.Current.Peaks.Select(p => p.Name))],
            fit.Parameters, fit.NaiveBandRatio, model.Score(), naive.Score(), HindsightBand.Of(hindsight));
    }

    /// <summary>
    /// The naive seasonal lift: the mean of the <see cref="NaiveLevelDays"/> days up to the
    /// cutoff × the previous campaign's same-offset day (aligned on the main sale day) ÷ its own level.
    /// </summary>
    internal sealed class NaiveLift(IReadOnlyDictionary<DateOnly, double> values, PeakCampaign current, PeakCampaign previous)
    {
        private readonly int _shift = current.MainDay.DayNumber - previous.MainDay.DayNumber;
        private readonly double? _level = Backtester.Mean(values, current.Cutoff, NaiveLevelDays);
        private readonly double? _previousLevel = Backtester.Mean(values, current.Cutoff.AddDays(-(current.MainDay.DayNumber - previous.MainDay.DayNumber)), NaiveLevelDays);

        public double At(DateOnly d)
        {
            var level = _level ?? 0;
            return _previousLevel is > 0 && values.TryGetValue(d.AddDays(-_shift), out var before) ? level * before / _previousLevel.Value : level;
        }
    }
}
