namespace Logistics.Domain.Forecasting;

/// <summary>
/// Knobs of the history-only lift model. Defaults were picked on a coarse grid over the real 11.11
/// and 618 windows of 2022 with the 12.12 window as a check, preferring round, structural values
/// (whole weeks, symmetric kernels) over the grid's exact optimum; see the backtest tests.
/// </summary>
public sealed record SeriesModelOptions(
    // Level = mean of this many days up to the cutoff: six whole weeks, so weekdays cancel out and
    // one noisy day moves the level little (daily noise at a site is ±30%).
    int LevelDays = 42,
    // Weight of the series' own previous-campaign ratio in log space; the rest is the pooled median
    // curve across series. One series' single previous day is mostly noise.
    double OwnWeight = 0.3,
    // Valley days (not local peaks) are smoothed with their neighbours: the day-to-day wiggle of last
    // year's curve does not repeat, its shape does.
    double Smoothing = 0.5,
    // A lift day that is a local maximum above this ratio is a peak (11.01, 11.11, 6.18) and kept sharp.
    double PeakRatio = 1.5,
    // Exponent applied to the lift: last year's ratio is shrunk toward 1 (no lift), since a single
    // year's lift is an over-confident estimate of this year's.
    double LiftShrink = 0.8,
    // Quantile reported as the upper band.
    double UpperQuantile = 0.9,
    // Width (log) of the upper band when too few past residuals exist to calibrate it.
    double DefaultUpperLog = 0.5)
{
    public static SeriesModelOptions Default { get; } = new();
}
