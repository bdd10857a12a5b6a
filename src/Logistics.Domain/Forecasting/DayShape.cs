namespace Logistics.Domain.Forecasting;

/// <summary>
/// How a campaign volume falls over its days: weekday factors, the pooled shape of the signal-driven
/// parcels by days to the first sale day (so 11.01 and 11.11 line up year to year), and a unit's own
/// shape from the past campaigns blended with the pooled one.
/// </summary>
internal sealed class DayShape(IReadOnlyList<PastCampaignData> past, SignalModelOptions options)
{
    private const int DayEffectRounds = 30;
    private readonly double[] _dow = [1, 1, 1, 1, 1, 1, 1]; // by DayOfWeek
    private Dictionary<int, double> _signalShape = [];
    private readonly Dictionary<double[], double> _sums = new(ReferenceEqualityComparer.Instance);

    private double Dow(DateOnly date) => _dow[(int)date.DayOfWeek];

    /// <summary>
    /// Weekday factors and the pooled day shape of the signal-driven parcels (by days to the first
    /// sale day), fitted jointly on the past campaigns' daily totals:
    /// total(day) = weekday factor × (ordinary volume ÷ days + signal-driven volume × shape(day)).
    /// The even ordinary part pins the weekday factors; since weekdays shift against the calendar
    /// from year to year, last year's Sunday does not become this year's 11.03 dip.
    /// </summary>
    public void Learn() => _signalShape = DayEffects();

    private Dictionary<int, double> DayEffects()
    {
        Array.Fill(_dow, 1.0);
        var shape = new Dictionary<int, double>();
        var count = new Dictionary<int, int>();
        var ordinary = new double[past.Count];
        var signal = new double[past.Count];
        for (var p = 0; p < past.Count; p++)
        {
            double o = 0;
            foreach (var u in past[p].Daily.Keys) o += past[p].Ordinary[u];
            ordinary[p] = o / past[p].Days;
            signal[p] = Sum(past[p].Pooled) - o;
        }
        var num = new double[7];
        var den = new double[7];
        for (var round = 0; round < DayEffectRounds; round++)
        {
            shape.Clear(); count.Clear();
            for (var p = 0; p < past.Count; p++)
            {
                var data = past[p];
                if (signal[p] <= 0) continue;
                for (var i = 0; i < data.Days; i++)
                {
                    var off = data.Offset(i);
                    var v = Math.Max(0, data.Pooled[i] / Dow(data.FirstSale.AddDays(off)) - ordinary[p]) / signal[p];
                    shape[off] = shape.GetValueOrDefault(off) + v;
                    count[off] = count.GetValueOrDefault(off) + 1;
                }
            }
            foreach (var off in count.Keys) shape[off] /= count[off];
            Array.Clear(num); Array.Clear(den);
            for (var p = 0; p < past.Count; p++)
            {
                var data = past[p];
                for (var i = 0; i < data.Days; i++)
                {
                    var off = data.Offset(i);
                    var w = (int)data.FirstSale.AddDays(off).DayOfWeek;
                    num[w] += data.Pooled[i];
                    den[w] += ordinary[p] + Math.Max(0, signal[p]) * shape.GetValueOrDefault(off);
                }
            }
            double mean = 0; var seen = 0;
            for (var w = 0; w < 7; w++)
                if (den[w] > 0 && num[w] > 0) { _dow[w] = num[w] / den[w]; mean += _dow[w]; seen++; }
            if (seen == 0) break;
            mean /= seen;
            for (var w = 0; w < 7; w++) _dow[w] = den[w] > 0 && num[w] > 0 ? _dow[w] / mean : 1.0;
        }
        return shape;
    }

    /// <summary>The signal-driven share per day of <paramref name="offsets"/>, summing to 1 (flat when unknown).</summary>
    public void SignalShape(int[] offsets, double[] shape)
    {
        double total = 0;
        for (var i = 0; i < offsets.Length; i++) { shape[i] = _signalShape.GetValueOrDefault(offsets[i]); total += shape[i]; }
        for (var i = 0; i < offsets.Length; i++) shape[i] = total > 0 ? shape[i] / total : 1.0 / offsets.Length;
    }

    /// <summary>Share of a unit's volume per day: weekday factor × (ordinary evenly + signal part by the sale shape).</summary>
    public void SignalDays(double ordinary, double signal, double[] signalShape, int[] offsets, DateOnly firstSale, double[] shape)
    {
        double total = 0;
        for (var i = 0; i < offsets.Length; i++)
        {
            shape[i] = Dow(firstSale.AddDays(offsets[i])) * (ordinary / offsets.Length + signal * signalShape[i]);
            total += shape[i];
        }
        for (var i = 0; i < offsets.Length; i++) shape[i] = total > 0 ? shape[i] / total : 1.0 / offsets.Length;
    }

    /// <summary>The unit's share of its campaign volume per day (offsets to the first sale day), summing to 1.</summary>
    /// <param name="exclude">A past campaign to leave out (the one being replayed), so its own days do not leak in.</param>
    public void Shape(int unit, int[] offsets, DateOnly firstSale, double[] shape, PastCampaignData? exclude = null)
    {
        double own = 0, pooledSum = 0;
        var pooled = new double[offsets.Length];
        for (var i = 0; i < offsets.Length; i++)
        {
            double u = 0, pl = 0;
            var n = 0;
            foreach (var p in past)
            {
                if (p == exclude) continue;
                // Weekday-free: divided by the factor of the weekday it fell on that year.
                var dow = Dow(p.FirstSale.AddDays(offsets[i]));
                u += p.Day(unit, offsets[i]) / dow;
                var day = p.PooledDay(offsets[i], out var covered);
                if (covered) { pl += day / dow / Math.Max(1e-9, Sum(p.Pooled)); n++; }
            }
            shape[i] = u; own += u;
            pooled[i] = n == 0 ? double.NaN : pl / n;
        }
        // Days no past campaign covered get the mean pooled share.
        double mean = 0; var m = 0;
        foreach (var v in pooled) if (!double.IsNaN(v)) { mean += v; m++; }
        mean = m == 0 ? 1.0 / offsets.Length : mean / m;
        for (var i = 0; i < pooled.Length; i++) { if (double.IsNaN(pooled[i])) pooled[i] = mean; pooledSum += pooled[i]; }
        var w = own / (own + options.ShapePriorParcels);
        double total = 0;
        for (var i = 0; i < offsets.Length; i++)
        {
            shape[i] = ((own > 0 ? w * shape[i] / own : 0) + (1 - w) * (pooledSum > 0 ? pooled[i] / pooledSum : 1.0 / offsets.Length))
                * Dow(firstSale.AddDays(offsets[i]));
            total += shape[i];
        }
        for (var i = 0; i < offsets.Length; i++) shape[i] = total > 0 ? shape[i] / total : 1.0 / offsets.Length;
    }

    /// <summary>Caches the past campaigns' pooled totals, so threads that then call <see cref="Shape"/> only read the cache.</summary>
    public void CachePooledSums()
    {
        foreach (var p in past) Sum(p.Pooled);
    }

    private double Sum(double[] a)
    {
        if (_sums.TryGetValue(a, out var s)) return s;
        s = 0; foreach (var v in a) s += v;
        _sums[a] = s;
        return s;
    }
}
