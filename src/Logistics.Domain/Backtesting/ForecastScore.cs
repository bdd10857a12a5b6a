namespace Logistics.Domain.Backtesting;

/// <summary>
/// Scores over series-days with an actual: WAPE = Σ|P50 − actual| ÷ Σactual; bias = Σ(P50 − actual) ÷ Σactual;
/// pinball loss at q = Σ ρq(actual − forecast) ÷ Σactual (ρq(e) = q·e if e ≥ 0, else (q − 1)·e), of P50
/// at 0.5 and of P90 at 0.9, scaled like WAPE so peaks of any size compare; P90 coverage = share of
/// series-days with actual ≤ P90; mean P90/P50 over series-days with P50 &gt; 0.
/// </summary>
public sealed record ForecastScore(double Wape, double Bias, double Pinball50, double Pinball90, double P90Coverage, double MeanP90OverP50)
{
    public static ForecastScore Mean(IReadOnlyList<ForecastScore> s) => s.Count == 0 ? new(0, 0, 0, 0, 0, 0) : new(
        s.Average(x => x.Wape), s.Average(x => x.Bias), s.Average(x => x.Pinball50), s.Average(x => x.Pinball90),
        s.Average(x => x.P90Coverage), s.Average(x => x.MeanP90OverP50));
}

/// <summary>Accumulates a <see cref="ForecastScore"/>.</summary>
internal sealed class ScoreSum
{
    private double _abs, _signed, _actual, _pin50, _pin90, _covered, _n, _ratio, _ratioN;

    public void Add(double p50, double p90, double actual)
    {
        _abs += Math.Abs(p50 - actual); _signed += p50 - actual; _actual += actual;
        _pin50 += Pinball(actual - p50, 0.5); _pin90 += Pinball(actual - p90, 0.9);
        _n++;
        if (actual <= p90) _covered++;
        if (p50 > 0) { _ratio += p90 / p50; _ratioN++; }
    }

    private static double Pinball(double e, double q) => e >= 0 ? q * e : (q - 1) * e;

    public ForecastScore Score() => _actual == 0 ? new(0, 0, 0, 0, 0, 0) : new(
        _abs / _actual, _signed / _actual, _pin50 / _actual, _pin90 / _actual, _n == 0 ? 0 : _covered / _n, _ratioN == 0 ? 0 : _ratio / _ratioN);
}
