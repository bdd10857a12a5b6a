namespace Logistics.Domain.Backtesting;

/// <summary>
/// One scored peak: the forecast made at <see cref="Cutoff"/> with the <see cref="Parameters"/> the
/// rolling procedure chose on <see cref="TrainingPeaks"/> (earlier peaks only; none = the defaults),
/// against the naive seasonal lift and the naive quantile band (naive lift × <see cref="NaiveBandRatio"/>),
/// and what bands calibrated on the window itself would have done (<see cref="Hindsight"/>; not a score).
/// </summary>
public sealed record PeakScore(
    string Peak,
    DateOnly Cutoff,
    DateOnly From,
    DateOnly To,
    IReadOnlyList<string> TrainingPeaks,
    string Parameters,
    double NaiveBandRatio,
    ForecastScore Model,
    ForecastScore Naive,
    HindsightBand Hindsight);

/// <summary>The rolling-origin backtest (<c>backtest --rolling</c>): every peak in time order, their mean, and the campaigns not scored and why.</summary>
public sealed record RollingReport(
    IReadOnlyList<PeakScore> Peaks,
    ForecastScore ModelMean,
    ForecastScore NaiveMean,
    IReadOnlyList<string> NotScored);
