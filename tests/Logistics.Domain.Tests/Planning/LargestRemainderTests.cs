using CsCheck;
using Logistics.Domain.Planning;

namespace Logistics.Domain.Tests.Planning;

public class LargestRemainderTests
{
    [Fact]
    public void Split_preserves_the_total_and_never_exceeds_a_weight()
    {
        Gen.Long[0, 1000].Array[1, 8].Select(Gen.Double[0, 1]).Sample((weights, f) =>
        {
            long total = (long)Math.Floor(weights.Sum() * f);
            var parts = LargestRemainder.Split(total, weights);
            Assert.Equal(weights.Sum() == 0 ? 0 : total, parts.Sum());
            for (int i = 0; i < parts.Length; i++)
            {
                Assert.InRange(parts[i], 0, weights[i]);
                if (weights.Sum() > 0) Assert.True(Math.Abs(parts[i] - (double)total * weights[i] / weights.Sum()) < 1);
            }
        }, iter: 500, threads: 1);
    }

    [Fact]
    public void Round_keeps_the_rounded_total_and_stays_within_one()
    {
        Gen.Double[0, 50].Array[1, 10].Sample(values =>
        {
            var parts = LargestRemainder.Round(values);
            Assert.Equal((long)Math.Floor(values.Sum() + 0.5), parts.Sum());
            for (int i = 0; i < parts.Length; i++) Assert.True(Math.Abs(parts[i] - values[i]) < 1);
        }, iter: 500, threads: 1);
    }

    [Fact]
    public void Long_vectors_get_their_extra_units_exactly_where_a_full_sort_puts_them()
    {
        // Fractions spread out, all in one narrow band (one bucket), repeated, or whole: the bucketed
        // selection long vectors take must pick the same parts as ordering every key would.
        var shapes = Gen.OneOf(
            Gen.Double[0, 40],
            Gen.Double[0.5, 0.5000001].Select(Gen.Int[0, 30], (f, n) => n + f),
            Gen.Int[0, 6].Select(k => k * 0.25 + 3),
            Gen.Int[0, 40].Select(n => (double)n));
        shapes.Array[256, 3000].Sample(values =>
        {
            var parts = LargestRemainder.Round(values);
            var floors = values.Select(v => (long)Math.Floor(v)).ToArray();
            var left = (long)Math.Floor(values.Sum() + 0.5) - floors.Sum();
            var expected = (long[])floors.Clone();
            var byKey = Enumerable.Range(0, values.Length)
                .OrderBy(i => (long)((1 - (values[i] - floors[i])) * (1L << 40))).ThenBy(i => i);
            foreach (var i in byKey.Take((int)Math.Max(0, left))) expected[i]++;
            if (left >= values.Length) expected = floors.Select(f => f + 1).ToArray();
            Assert.Equal(expected, parts);
        }, iter: 200, threads: 1);
    }

    [Fact]
    public void Ties_go_to_the_lower_index()
    {
        Assert.Equal([1L, 1L, 0L], LargestRemainder.Split(2, [1, 1, 1]));
    }
}
