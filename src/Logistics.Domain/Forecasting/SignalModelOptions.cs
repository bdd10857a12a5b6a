namespace Logistics.Domain.Forecasting;

/// <summary>Knobs of the signal model; the defaults are round, structural values (see each comment).</summary>
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
    int NnlsSweeps = 300)
{
    public static SignalModelOptions Default { get; } = new();
}
