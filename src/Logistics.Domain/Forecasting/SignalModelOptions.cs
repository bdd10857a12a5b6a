namespace Logistics.Domain.Forecasting;

/// <summary>Knobs of the signal model; the defaults are round, structural values (see each comment), never tuned on a scored window.</summary>
public sealed record SignalModelOptions(
    // Pseudo-rows of the all-category fit that a category's coefficients are shrunk toward: a category
    // seen in 20 merchant rows is half its own fit, half the all-category fit.
    double CategoryShrinkRows = 20,
    // Events a category needs in the previous campaign to use its own cumulative curve.
    double MinCategoryCurveEvents = 1000,
    // Floor of the share of final signals assumed already collected (avoids dividing by ~0 far out).
    double MinCollectedShare = 0.02,
    // Parcels of past volume at which a unit's own day shape / hour profile weighs as much as the pooled one.
    double ShapePriorParcels = 200,
    double HourPriorParcels = 100,
    // Quantile reported as P90.
    double UpperQuantile = 0.9,
    // Band (P90 ÷ P50) when nothing could be calibrated.
    double DefaultUpperRatio = 1.3,
    // Coordinate-descent sweeps of the non-negative least squares.
    int NnlsSweeps = 300,
    // The level path (history-only units whose recent daily volumes are given, ForecastColumns.Recent):
    // P50 = recent level × lift, lift = last campaign's day ÷ its level at the same days to sale.
    // Days up to the as-of date the level is taken over: six whole weeks, so weekdays cancel out.
    int LevelDays = 42,
    LevelStatistic Level = LevelStatistic.Mean,
    // Exponent on the lift in log space: 1 repeats last year's lift, below 1 shrinks it toward no lift.
    double LiftShrink = 1.0,
    // Weight of the unit's own lift against the median lift of all units (log space); one unit's
    // single day last year is partly noise, the median across units is partly someone else's curve.
    double OwnLiftWeight = 0.5,
    // P90 bands for history-only units calibrated outside the model (a rolling backtest's earlier
    // windows); null = the model's own replay of the last past campaign.
    UpperBands? HistoryBands = null)
{
    public static SignalModelOptions Default { get; } = new();
}
