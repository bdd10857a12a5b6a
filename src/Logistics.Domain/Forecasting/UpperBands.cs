namespace Logistics.Domain.Forecasting;

/// <summary>
/// P90 ÷ P50 by the size of the daily median: small daily volumes are relatively noisier (a merchant
/// shipping 3 parcels a day can ship 7), so one ratio for all sizes would be too wide for hubs and
/// too narrow for small shops. Calibrated on actual ÷ forecast of a past campaign.
/// </summary>
internal sealed class UpperBands
{
    private static readonly double[] Bounds = [1, 5, 25, 125];
    private const int MinSamples = 30;
    private readonly List<double>[] _ratios = [[], [], [], [], []];
    private double[] _band = [];

    public static int Bucket(double p50)
    {
        var b = 0;
        while (b < Bounds.Length && p50 >= Bounds[b]) b++;
        return b;
    }

    public void Add(double p50, double actual)
    {
        if (p50 > 0) _ratios[Bucket(p50)].Add(actual / p50);
    }

    public UpperBands Calibrate(double quantile, double fallback)
    {
        var all = new List<double>();
        foreach (var r in _ratios) all.AddRange(r);
        var overall = all.Count >= MinSamples ? Math.Max(1, Stats.Quantile(all, quantile)) : fallback;
        _band = new double[_ratios.Length];
        for (var b = 0; b < _ratios.Length; b++)
            _band[b] = _ratios[b].Count >= MinSamples ? Math.Max(1, Stats.Quantile(_ratios[b], quantile)) : overall;
        // Relative noise shrinks with size: never let a bigger bucket be wider than a smaller one.
        for (var b = 1; b < _band.Length; b++) _band[b] = Math.Min(_band[b], _band[b - 1]);
        return this;
    }

    public double Ratio(double p50) => _band.Length == 0 ? 1 : _band[Bucket(p50)];
}
