namespace Logistics.Domain.Forecasting;

/// <summary>
/// P90 ÷ P50 by the size of the daily median and by the day's distance to the nearest sale day.
/// Small daily volumes are relatively noisier (a merchant shipping 3 parcels a day can ship 7), and
/// sale days are harder to hit than ordinary days, so one ratio for all would be too wide for hubs and
/// ordinary days and too narrow for small shops and peaks.
/// <para>
/// Split conformal prediction, one cell per (size, days to peak): the ratios actual ÷ P50 of
/// forecasts that did not see their actuals (the replay of a past campaign, or a rolling backtest's
/// earlier windows) are the calibration set, and a cell's band is their ⌈(n+1)·q⌉-th smallest, which
/// covers a new day with probability ≥ q when days are exchangeable. We chose conformal over quantile
/// regression because it needs no model of the spread, only residuals, and stays valid with few of
/// them. A cell with fewer than <see cref="MinSamples"/> ratios takes its size bucket's band (all
/// distances), then the overall band, then the fallback.
/// </para>
/// </summary>
public sealed class UpperBands
{
    // Factors of 5 from 1 parcel a day to ~16,000 (a real logistics site ships 10⁴–10⁵ a day).
    private static readonly double[] SizeBounds = [1, 5, 25, 125, 625, 3125, 15625];
    // Days to the nearest sale day: on it | 1–2 days | 3 or more (or no sale day at all).
    private static readonly int[] PeakBounds = [1, 3];
    private const int MinSamples = 30;

    private readonly List<double>[,] _ratios = NewCells();
    private double[,] _band = new double[0, 0];

    private static List<double>[,] NewCells()
    {
        var cells = new List<double>[SizeBounds.Length + 1, PeakBounds.Length + 1];
        for (var s = 0; s < cells.GetLength(0); s++)
            for (var p = 0; p < cells.GetLength(1); p++) cells[s, p] = [];
        return cells;
    }

    public static int SizeBucket(double p50) => Bucket(SizeBounds, p50);

    /// <param name="daysToPeak">Days to the nearest sale day; negative = no sale day known.</param>
    public static int PeakBucket(int daysToPeak) => daysToPeak < 0 ? PeakBounds.Length : Bucket(PeakBounds, daysToPeak);

    private static int Bucket<T>(T[] bounds, T value) where T : IComparable<T>
    {
        var b = 0;
        while (b < bounds.Length && value.CompareTo(bounds[b]) >= 0) b++;
        return b;
    }

    /// <summary>Days from <paramref name="date"/> to the nearest of <paramref name="saleDays"/>; -1 when there is none.</summary>
    public static int DaysToPeak(DateOnly date, IReadOnlyList<DateOnly> saleDays)
    {
        var best = -1;
        foreach (var s in saleDays)
        {
            var d = Math.Abs(s.DayNumber - date.DayNumber);
            if (best < 0 || d < best) best = d;
        }
        return best;
    }

    public int Samples { get; private set; }

    public void Add(double p50, double actual, int daysToPeak)
    {
        if (!(p50 > 0) || double.IsNaN(actual)) return;
        _ratios[SizeBucket(p50), PeakBucket(daysToPeak)].Add(actual / p50);
        Samples++;
    }

    public UpperBands Calibrate(double quantile, double fallback)
    {
        var all = new List<double>();
        foreach (var r in _ratios) all.AddRange(r);
        var overall = all.Count >= MinSamples ? Conformal(all, quantile) : fallback;
        var (sizes, peaks) = (_ratios.GetLength(0), _ratios.GetLength(1));
        _band = new double[sizes, peaks];
        for (var s = 0; s < sizes; s++)
        {
            var bySize = new List<double>();
            for (var p = 0; p < peaks; p++) bySize.AddRange(_ratios[s, p]);
            var sizeBand = bySize.Count >= MinSamples ? Conformal(bySize, quantile) : overall;
            for (var p = 0; p < peaks; p++)
                _band[s, p] = _ratios[s, p].Count >= MinSamples ? Conformal(_ratios[s, p], quantile) : sizeBand;
        }
        // Relative noise shrinks with size: never let a bigger bucket be wider than a smaller one.
        for (var p = 0; p < peaks; p++)
            for (var s = 1; s < sizes; s++) _band[s, p] = Math.Min(_band[s, p], _band[s - 1, p]);
        return this;
    }

    /// <summary>The split-conformal quantile: the ⌈(n+1)·q⌉-th smallest of n (never below 1: P90 ≥ P50).</summary>
    internal static double Conformal(List<double> ratios, double quantile)
    {
        var n = ratios.Count;
        var k = Math.Min(n, (int)Math.Ceiling((n + 1) * quantile)); // 1-based rank
        // The rank itself, not an interpolated quantile at (k-1)/(n-1): that position can round to a
        // hair below k-1, and a band a hair below the k-th ratio leaves its day uncovered.
        ratios.Sort();
        return Math.Max(1, ratios[k - 1]);
    }

    public double Ratio(double p50, int daysToPeak) => _band.Length == 0 ? 1 : _band[SizeBucket(p50), PeakBucket(daysToPeak)];
}
