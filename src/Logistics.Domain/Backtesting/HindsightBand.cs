using Logistics.Domain.Forecasting;

namespace Logistics.Domain.Backtesting;

/// <summary>
/// What bands calibrated on a scored window's own errors would have done there: never a forecast
/// (the window's actuals are read), only a bound that shows whether a band miss is the calibration's
/// or the P50's. <see cref="UniformRatio"/> is the one P90/P50 that covers 90 % of the window's
/// series-days; <see cref="CellsMeanRatio"/> and <see cref="CellsCoverage"/> are the product's band
/// cells (<see cref="UpperBands"/>: size × days to peak) calibrated on the window and applied to it.
/// When even these are wider than a width goal, no calibration from earlier windows can meet it
/// together with the coverage goal: the P50 has to get sharper.
/// </summary>
public sealed record HindsightBand(double UniformRatio, double CellsMeanRatio, double CellsCoverage)
{
    private const double Quantile = 0.9;

    /// <summary>From the window's (P50, actual, days to peak) triples; series-days with no P50 above 0 have no ratio and are left out.</summary>
    public static HindsightBand Of(IReadOnlyList<(double P50, double Actual, int DaysToPeak)> days)
    {
        var scored = days.Where(d => d.P50 > 0).ToList();
        if (scored.Count == 0) return new(1, 1, 0);
        var cells = new UpperBands();
        foreach (var (p50, actual, toPeak) in scored) cells.Add(p50, actual, toPeak);
        // With no earlier fallback here, a cell too thin for its own band takes the window's overall one.
        cells.Calibrate(Quantile, fallback: 1);
        double ratioSum = 0;
        var covered = 0;
        foreach (var (p50, actual, toPeak) in scored)
        {
            var ratio = cells.Ratio(p50, toPeak);
            ratioSum += ratio;
            if (actual / p50 <= ratio) covered++;
        }
        var uniform = scored.Select(d => d.Actual / d.P50).Order().ToList();
        var k = Math.Min(uniform.Count, (int)Math.Ceiling(uniform.Count * Quantile)); // the smallest ratio covering 90 %
        return new(Math.Max(1, uniform[k - 1]), ratioSum / scored.Count, covered / (double)scored.Count);
    }
}
