using CsCheck;
using Logistics.Domain.Forecasting;

namespace Logistics.Domain.Tests.Forecasting;

public class StatsTests
{
    [Fact]
    public void A_quantile_by_selection_is_the_one_sorting_gives()
    {
        // Few distinct values (many ties), spread values, infinities, and the odd NaN.
        var value = Gen.Frequency((1, Gen.Int[0, 5].Select(i => (double)i)), (20, Gen.Double[-1e6, 1e6]),
            (1, Gen.Const(double.PositiveInfinity)), (1, Gen.Const(double.NegativeInfinity)), (1, Gen.Const(double.NaN)));
        var values = Gen.OneOf(value.List[1, 3000], Gen.Double[-1e6, 1e6].List[1, 3000]);
        Gen.Select(values, Gen.Double[0, 1]).Sample((values, p) =>
        {
            var sorted = values.Order().ToList();
            var pos = p * (sorted.Count - 1);
            var lo = (int)Math.Floor(pos);
            var hi = Math.Min(lo + 1, sorted.Count - 1);
            var expected = sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
            var actual = Stats.Quantile([.. values], p);
            Assert.True(expected.Equals(actual), $"{actual} where sorting gives {expected}");
        }, iter: 2000, threads: 1);
    }
}
