namespace Logistics.Domain.Forecasting;

/// <summary>The P90 bands of the signal and history paths, and the weight of the signal path where a unit has both.</summary>
internal sealed record CalibratedBands(UpperBands Signal, UpperBands History, double Blend);
