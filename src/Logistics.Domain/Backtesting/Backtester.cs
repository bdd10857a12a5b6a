using Logistics.Domain.Forecasting;

namespace Logistics.Domain.Backtesting;

/// <summary>
/// Runs the model and the two baselines of issue 4 on the same rows and scores them:
/// flat = mean of the 14 days up to the cutoff; naive lift = that level × the previous campaign's
/// same-offset day ÷ its own 14-day level. A series without a forecast counts as forecast zero.
/// </summary>
public static class Backtester
{
    public const int BaselineLevelDays = 14;

    public static BacktestReport Run(BacktestRequest request, SeriesModelOptions? options = null)
    {
        var (from, to, cutoff) = (request.From, request.To, request.Cutoff);
        if (to < from) throw new ArgumentException("--to is before --from.");
        if (cutoff >= from) throw new ArgumentException("the cutoff must be before --from.");

        var history = BySeries(request.Rows);
        var model = SeriesLiftModel.Forecast(history, request.CampaignDays, cutoff, from, to, options);
        model = SeriesSignalModel.Apply(model, history, SignalsBySeries(request.Rows), cutoff, options);
        var p50 = new Dictionary<(string, DateOnly), (double P50, double P90)>();
        foreach (var f in model.Days) p50[(f.Series, f.Date)] = (f.P50, f.P90);

        var (prev, cur) = SeriesLiftModel.CampaignPair(request.CampaignDays, cutoff);
        var shift = prev is { } p && cur is { } c ? c.DayNumber - p.DayNumber : 0;

        var n = to.DayNumber - from.DayNumber + 1;
        var dayActual = new double[n];
        var dayP50 = new double[n];
        var dayP90 = new double[n];
        var model_ = new Score();
        var flat = new Score();
        var naive = new Score();
        double covered = 0, pairs = 0;
        foreach (var key in history.Keys.OrderBy(k => k, StringComparer.Ordinal))
        {
            var values = history[key];
            var level = Mean(values, cutoff, BaselineLevelDays);
            var prevLevel = shift > 0 ? Mean(values, cutoff.AddDays(-shift), BaselineLevelDays) : null;
            for (var i = 0; i < n; i++)
            {
                var d = from.AddDays(i);
                if (!values.TryGetValue(d, out var actual)) continue;
                var (f50, f90) = p50.TryGetValue((key, d), out var f) ? f : (0, 0);
                model_.Add(f50, actual);
                pairs++;
                if (actual <= f90) covered++;
                dayActual[i] += actual; dayP50[i] += f50; dayP90[i] += f90;

                var flatF = level ?? 0;
                flat.Add(flatF, actual);
                var naiveF = flatF;
                if (prevLevel is > 0 && values.TryGetValue(d.AddDays(-shift), out var prevDay)) naiveF = flatF * prevDay / prevLevel.Value;
                naive.Add(naiveF, actual);
            }
        }
        var days = new BacktestDay[n];
        for (var i = 0; i < n; i++) days[i] = new BacktestDay(from.AddDays(i), dayActual[i], dayP50[i], dayP90[i]);
        return new BacktestReport(
            model_.Wape, model_.Bias, pairs == 0 ? 0 : covered / pairs,
            new BacktestBaselines(new BaselineScore(flat.Wape, flat.Bias), new BaselineScore(naive.Wape, naive.Bias)),
            days);
    }

    /// <summary>Rows grouped per series, keyed by date (a repeated series-date: the later row wins).</summary>
    public static Dictionary<string, IReadOnlyDictionary<DateOnly, double>> BySeries(IReadOnlyList<SeriesRow> rows)
    {
        var map = new Dictionary<string, Dictionary<DateOnly, double>>(StringComparer.Ordinal);
        foreach (var r in rows)
        {
            if (!map.TryGetValue(r.Series, out var m)) map[r.Series] = m = [];
            m[r.Date] = r.Parcels;
        }
        var result = new Dictionary<string, IReadOnlyDictionary<DateOnly, double>>(StringComparer.Ordinal);
        foreach (var (k, v) in map) result[k] = v;
        return result;
    }

    /// <summary>Signal columns per series and date (NaN = unknown); empty when no row has any signal.</summary>
    public static Dictionary<string, IReadOnlyDictionary<DateOnly, double[]>> SignalsBySeries(IReadOnlyList<SeriesRow> rows)
    {
        var map = new Dictionary<string, Dictionary<DateOnly, double[]>>(StringComparer.Ordinal);
        foreach (var r in rows)
        {
            if (!r.HasSignals) continue;
            if (!map.TryGetValue(r.Series, out var m)) map[r.Series] = m = [];
            m[r.Date] = [r.Carts ?? double.NaN, r.Favorites ?? double.NaN, r.Deposits ?? double.NaN, r.PresaleOrders ?? double.NaN];
        }
        var result = new Dictionary<string, IReadOnlyDictionary<DateOnly, double[]>>(StringComparer.Ordinal);
        foreach (var (k, v) in map) result[k] = v;
        return result;
    }

    /// <summary>Mean of the values present in the <paramref name="days"/> days up to <paramref name="end"/>; null when none.</summary>
    private static double? Mean(IReadOnlyDictionary<DateOnly, double> values, DateOnly end, int days)
    {
        double sum = 0;
        var count = 0;
        for (var i = 0; i < days; i++)
            if (values.TryGetValue(end.AddDays(-i), out var v)) { sum += v; count++; }
        return count == 0 ? null : sum / count;
    }

    private sealed class Score
    {
        private double _abs, _signed, _actual;
        public void Add(double forecast, double actual) { _abs += Math.Abs(forecast - actual); _signed += forecast - actual; _actual += actual; }
        public double Wape => _actual == 0 ? 0 : _abs / _actual;
        public double Bias => _actual == 0 ? 0 : _signed / _actual;
    }
}
