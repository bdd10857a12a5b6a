using Logistics.Domain.Campaigns;
using Logistics.Domain.Demand;

namespace Logistics.Domain.Forecasting;

/// <summary>What the model learnt from one finished campaign: its signal sums and curve, and its units' parcels per day.</summary>
internal sealed class PastCampaignData
{
    /// <summary>Days before a past campaign's horizon whose outcomes are kept, for its level (the level path).</summary>
    public const int PreSpan = 120;

    public required Campaign Campaign;
    public required DateOnly FirstSale;
    public required SignalTable Signals;
    public required SignalColumns? SignalRows;     // the rows, kept for the last campaign only (the calibration replays them)
    public List<double[]?> Curve = []; // (4·category + kind) → events per day, index = days to first sale + SignalCurve.Span
    public readonly Dictionary<int, double[]> Daily = []; // unit → parcels per horizon day
    public readonly Dictionary<int, double> Bulky = [];   // unit → its bulky parcels over the horizon (only units with any)
    public readonly Dictionary<int, double[]> Before = []; // unit → parcels per day of the PreSpan days before the horizon (only when given)
    /// <summary>Parcels of a unit on a date (a <see cref="DateOnly.DayNumber"/>), in the horizon or the days kept before it.</summary>
    public double OnDay(int unit, int dayNumber)
    {
        var i = dayNumber - Campaign.HorizonStart.DayNumber;
        if (i >= 0) return Daily.TryGetValue(unit, out var d) && i < d.Length ? d[i] : 0;
        return Before.TryGetValue(unit, out var b) && i >= -PreSpan ? b[PreSpan + i] : 0;
    }
    public double[] Pooled = [];                           // all units, per horizon day
    public int[] Start = [], Order = [];                   // signal slots grouped by unit (see SignalTable.ByUnit)
    public double[] Ordinary = [];                         // unit → volume not explained by its signals
    public int Days => Campaign.HorizonEnd.DayNumber - Campaign.HorizonStart.DayNumber + 1;
    public int Offset(int day) => Campaign.HorizonStart.DayNumber + day - FirstSale.DayNumber;
    public double[] Volumes = [];                           // unit → parcels over the horizon (filled by CacheVolumes)
    public double Volume(int unit)
    {
        if (unit < Volumes.Length) return Volumes[unit];
        if (!Daily.TryGetValue(unit, out var d)) return 0;
        double s = 0;
        foreach (var v in d) s += v;
        return s;
    }
    public void CacheVolumes(int units)
    {
        var volumes = new double[units];
        foreach (var (u, d) in Daily) { double s = 0; foreach (var v in d) s += v; volumes[u] = s; }
        Volumes = volumes;
    }
    public double Day(int unit, int offset)
    {
        var i = offset + FirstSale.DayNumber - Campaign.HorizonStart.DayNumber;
        return Daily.TryGetValue(unit, out var d) && i >= 0 && i < d.Length ? d[i] : 0;
    }
    public double PooledDay(int offset, out bool covered)
    {
        var i = offset + FirstSale.DayNumber - Campaign.HorizonStart.DayNumber;
        covered = i >= 0 && i < Pooled.Length;
        return covered ? Pooled[i] : 0;
    }

    /// <summary>Units that are rows of this campaign: shipped in it or had signals in it.</summary>
    public IEnumerable<int> Rows(ForecastUnits units)
    {
        for (var u = 0; u < units.Count; u++)
            if (Start[u] < Start[u + 1] || Daily.ContainsKey(u)) yield return u;
    }
}
