using Logistics.Domain.Demand;

namespace Logistics.Domain.Forecasting;

/// <summary>
/// The level path of history-only units whose recent daily volumes are given: P50 per day = recent
/// level × last campaign's lift at the same days to sale (see <see cref="SignalModelOptions.LevelDays"/>).
/// </summary>
internal sealed class LevelPath(ForecastUnits units, SignalModelOptions o)
{
    private Dictionary<int, double[]>? _recent; // unit → parcels per day of the LevelDays days up to the as-of date

    /// <summary>Whether recent volumes were read: then history-only units follow their level.</summary>
    public bool HasRecent => _recent is not null;

    /// <summary>The current campaign's outcomes in the <see cref="SignalModelOptions.LevelDays"/> days up to the as-of date.</summary>
    public void ReadRecent(OutcomeColumns rows, int asOfDay)
    {
        _recent = [];
        CodeMap merchants = units.Map(units.Merchants, rows.Merchants), warehouses = units.Map(units.Warehouses, rows.Warehouses), regions = units.Map(units.Regions, rows.Regions);
        for (var row = 0; row < rows.Rows; row++)
        {
            var i = rows.Day(row) - (asOfDay - o.LevelDays + 1);
            if (i < 0 || i >= o.LevelDays || rows.Parcels(row) <= 0) continue;
            var u = units.Unit(merchants, rows.Merchant(row), warehouses, rows.Warehouse(row), regions, rows.Region(row));
            if (!_recent.TryGetValue(u, out var d)) _recent[u] = d = new double[o.LevelDays];
            d[i] += rows.Parcels(row);
        }
    }

    private double Level(double[] window)
    {
        var days = Active(window);
        if (o.Level == LevelStatistic.Mean) return days.Average();
        var sorted = days.ToArray();
        Array.Sort(sorted);
        var n = sorted.Length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /// <summary>Of a unit that ships nearly every day, this share of the days since its first at least.</summary>
    private const double SteadyShare = 0.8;
    /// <summary>Days a unit must have shipped for, at least, before its level is taken from them alone.</summary>
    private const int MinActiveDays = 3;

    /// <summary>
    /// The days a level is taken over: the whole window, except for a unit that began shipping inside it
    /// and has shipped steadily since (a new site or lane): its days from the first. Days before it had
    /// nothing to ship are not days of no demand; a sparse unit's empty days are, so it keeps the window.
    /// </summary>
    private static ArraySegment<double> Active(double[] window)
    {
        var first = Array.FindIndex(window, v => v > 0);
        if (first <= 0 || window.Length - first < MinActiveDays) return window;
        var shipped = 0;
        for (var i = first; i < window.Length; i++) if (window[i] > 0) shipped++;
        return shipped >= SteadyShare * (window.Length - first) ? new ArraySegment<double>(window, first, window.Length - first) : window;
    }

    public double RecentLevel(int unit) => _recent is not null && _recent.TryGetValue(unit, out var d) ? Level(d) : 0;

    /// <summary>A unit's level in a past campaign over the same days to its first sale day as now.</summary>
    private double PastLevel(PastCampaignData p, int unit, int asOfOffset)
    {
        var days = new double[o.LevelDays];
        var end = p.FirstSale.DayNumber + asOfOffset;
        for (var i = 0; i < days.Length; i++) days[i] = p.OnDay(unit, end - o.LevelDays + 1 + i);
        return Level(days);
    }

    /// <summary>
    /// The lift of every unit with a level now and in the last campaign, per day: its parcels that
    /// day last year ÷ its level then (half a parcel added to both, so a lane with an empty day
    /// has a small lift, not none); the median over units per day is the pooled lift.
    /// </summary>
    public (Dictionary<int, double> Past, double[] Pooled) Lifts(IEnumerable<int> candidates, PastCampaignData last, int asOfOffset, int[] offsets)
    {
        var past = new Dictionary<int, double>();
        var perDay = new List<double>[offsets.Length];
        for (var i = 0; i < perDay.Length; i++) perDay[i] = [];
        foreach (var u in candidates)
        {
            if (RecentLevel(u) <= 0) continue;
            var level = PastLevel(last, u, asOfOffset);
            if (level <= 0) continue;
            past[u] = level;
            for (var i = 0; i < offsets.Length; i++) perDay[i].Add((last.Day(u, offsets[i]) + 0.5) / (level + 0.5));
        }
        var pooled = new double[offsets.Length];
        for (var i = 0; i < pooled.Length; i++) pooled[i] = perDay[i].Count == 0 ? 1 : Stats.Median(perDay[i]);
        return (past, pooled);
    }

    /// <summary>
    /// P50 per day = recent level × lift^shrink, the lift blended in log space between the unit's own
    /// and the pooled one (pooled alone for a unit new since last campaign).
    /// Fills <paramref name="shape"/> with the day shares and returns the volume.
    /// </summary>
    public double LevelDays(int unit, PastCampaignData last, (Dictionary<int, double> Past, double[] Pooled) lifts, int[] offsets, double[] shape)
    {
        var now = RecentLevel(unit);
        double total = 0;
        for (var i = 0; i < offsets.Length; i++)
        {
            var log = Math.Log(lifts.Pooled[i]);
            if (lifts.Past.TryGetValue(unit, out var then))
                log = o.OwnLiftWeight * Math.Log((last.Day(unit, offsets[i]) + 0.5) / (then + 0.5)) + (1 - o.OwnLiftWeight) * log;
            shape[i] = now * Math.Exp(o.LiftShrink * log);
            total += shape[i];
        }
        for (var i = 0; i < offsets.Length; i++) shape[i] = total > 0 ? shape[i] / total : 0;
        return total;
    }
}
