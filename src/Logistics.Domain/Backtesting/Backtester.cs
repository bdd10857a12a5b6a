using Logistics.Domain.Forecasting;

namespace Logistics.Domain.Backtesting;

/// <summary>
/// One window (<c>backtest --cutoff --from --to</c>): the product's forecaster (<see cref="SeriesForecaster"/>)
/// against two baselines on the same rows: flat = mean of the 14 days up to the cutoff;
/// naive lift = that level × the previous campaign's same-offset day ÷ its own 14-day level. The
/// previous campaign is the window shifted back to the last campaign day on or before the cutoff.
/// Parameters and bands come from the rolling procedure on the calendar's campaigns that ended by the
/// cutoff (<see cref="RollingBacktester"/>). A series without a forecast counts as forecast zero.
/// </summary>
public static class Backtester
{
    public const int BaselineLevelDays = RollingBacktester.NaiveLevelDays;

    public static BacktestReport Run(BacktestRequest request)
    {
        var (from, to, cutoff) = (request.From, request.To, request.Cutoff);
        if (to < from) throw new ArgumentException("--to is before --from.");
        if (cutoff >= from) throw new ArgumentException("the cutoff must be before --from.");
        var days = request.CampaignDays.Order().ToList();
        if (days.Count(d => d <= cutoff) == 0 || days.Count(d => d > cutoff) == 0)
            throw new ArgumentException("--campaign-days needs a day on or before the cutoff (last campaign) and one after it (this campaign).");
        DateOnly prev = days.Last(d => d <= cutoff), cur = days.First(d => d > cutoff);
        var shift = cur.DayNumber - prev.DayNumber;
        var saleDays = days.Where(d => d > cutoff && d >= from && d <= to).ToList();
        if (saleDays.Count == 0) saleDays.Add(cur);
        var current = new PeakCampaign("window", cur.Year, saleDays, from, to, [new Peak("window", from, to)], cutoff);
        var previous = new PeakCampaign("window", cur.Year - 1, [.. saleDays.Select(d => d.AddDays(-shift))],
            from.AddDays(-shift), to.AddDays(-shift), [], cutoff.AddDays(-shift));

        var history = BySeries(request.Rows);
        var calendar = request.Rows.Count == 0 ? [] : PeakCalendar.Between(request.Rows.Min(r => r.Date), cutoff);
        var training = calendar
            .Select(c => (Current: c, Previous: calendar.FirstOrDefault(p => p.Kind == c.Kind && p.Year == c.Year - 1)))
            .Where(t => t.Previous is not null && t.Current.HorizonEnd <= cutoff)
            .Select(t => (t.Current, t.Previous!)).ToList();
        var fit = RollingBacktester.Fit(request.Rows, history, current, previous, training, []);

        var n = to.DayNumber - from.DayNumber + 1;
        var dayActual = new double[n];
        var dayP50 = new double[n];
        var dayP90 = new double[n];
        var model = new ScoreSum();
        var flat = new ScoreSum();
        var naive = new ScoreSum();
        foreach (var key in history.Keys.OrderBy(k => k, StringComparer.Ordinal))
        {
            var values = history[key];
            var level = Mean(values, cutoff, BaselineLevelDays) ?? 0;
            var lift = new RollingBacktester.NaiveLift(values, current, previous);
            for (var i = 0; i < n; i++)
            {
                var d = from.AddDays(i);
                if (!values.TryGetValue(d, out var actual)) continue;
                var f = fit.Forecast.TryGetValue((key, d), out var x) ? x : default;
                model.Add(f.P50, f.P90, actual);
                dayActual[i] += actual; dayP50[i] += f.P50; dayP90[i] += f.P90;
                flat.Add(level, level, actual);
                naive.Add(lift.At(d), lift.At(d), actual);
            }
        }
        var result = new BacktestDay[n];
        for (var i = 0; i < n; i++) result[i] = new BacktestDay(from.AddDays(i), dayActual[i], dayP50[i], dayP90[i]);
        var (m, fl, nv) = (model.Score(), flat.Score(), naive.Score());
        return new BacktestReport(m.Wape, m.Bias, m.P90Coverage,
            new BacktestBaselines(new BaselineScore(fl.Wape, fl.Bias), new BaselineScore(nv.Wape, nv.Bias)), result);
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

    /// <summary>Mean of the values present in the <paramref name="days"/> days up to <paramref name="end"/>; null when none.</summary>
    internal static double? Mean(IReadOnlyDictionary<DateOnly, double> values, DateOnly end, int days)
    {
        double sum = 0;
        var count = 0;
        for (var i = 0; i < days; i++)
            if (values.TryGetValue(end.AddDays(-i), out var v)) { sum += v; count++; }
        return count == 0 ? null : sum / count;
    }
}
