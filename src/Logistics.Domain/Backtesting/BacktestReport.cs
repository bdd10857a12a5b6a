namespace Logistics.Domain.Backtesting;

/// <summary>
/// The result of a backtest; serialized with snake_case names it is the <c>backtest --json</c>
/// object of CONTRACTS.md (<c>wape</c>, <c>bias</c>, <c>p90_coverage</c>, <c>baselines</c>, <c>days</c>).
/// WAPE = Σ|forecast − actual| ÷ Σactual and bias = Σ(forecast − actual) ÷ Σactual, both over
/// series-days with an actual; P90 coverage = share of those series-days with actual ≤ P90.
/// </summary>
public sealed record BacktestReport(
    double Wape,
    double Bias,
    double P90Coverage,
    BacktestBaselines Baselines,
    IReadOnlyList<BacktestDay> Days);

public sealed record BacktestBaselines(BaselineScore Flat, BaselineScore NaiveLift);

public sealed record BaselineScore(double Wape, double Bias);

/// <summary>One date, summed over the series that have an actual that date.</summary>
public sealed record BacktestDay(DateOnly Date, double Actual, double P50, double P90);
