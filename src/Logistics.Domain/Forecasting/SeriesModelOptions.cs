namespace Logistics.Domain.Forecasting;

/// <summary>
/// Knobs of the history-only lift model. Defaults were picked on a coarse grid over the real 11.11
/// and 618 windows of 2022 (the only windows with a previous year), with the 12.12 window as a check,
/// preferring round, structural values (whole weeks, symmetric kernels) from a flat region of the
/// grid over its exact optimum; see the backtest tests for the figures.
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
    // Exponents applied to the lift: last year's ratio is shrunk toward 1 (no lift), since a single
    // year's lift over-states this year's. Peaks (campaign days) are anchored by the calendar and
    // repeat; the days between are mostly last year's noise, so they are shrunk harder.
    double PeakLiftShrink = 0.9,
    double ValleyLiftShrink = 0.7,
    // Quantile reported as the upper band.
    double UpperQuantile = 0.9,
    // Width (log) of the upper band when too few past residuals exist to calibrate it.
    double DefaultUpperLog = 0.5)
{
    public static SeriesModelOptions Default { get; } = new();
}
