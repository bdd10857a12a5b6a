using CsCheck;
using Logistics.Domain.Backtesting;

namespace Logistics.Domain.Tests.Backtesting;

/// <summary>The hindsight band of a scored window: the bound that tells a P50's miss from a calibration's.</summary>
public sealed class HindsightBandTests
{
    private static readonly Gen<(double P50, double Actual, int DaysToPeak)[]> Windows =
        Gen.Select(Gen.Double[0.5, 20_000], Gen.Double[0.2, 4], Gen.Int[0, 6]).Select(t => (t.Item1, t.Item1 * t.Item2, t.Item3)).Array[1, 400];

    [Fact]
    public void The_uniform_ratio_is_the_smallest_that_covers_nine_in_ten_days()
    {
        Windows.Sample(days =>
        {
            var h = HindsightBand.Of(days);
            int Covered(double ratio) => days.Count(d => d.Actual / d.P50 <= ratio);
            // It covers 90 %; any smaller ratio that a day needs leaves too many out (or it is the floor of 1).
            if (Covered(h.UniformRatio) < 0.9 * days.Length) return false;
            var below = days.Select(d => d.Actual / d.P50).Where(r => r < h.UniformRatio).DefaultIfEmpty(0).Max();
            return h.UniformRatio == 1 || Covered(below) < 0.9 * days.Length;
        }, iter: 200);
    }

    [Fact]
    public void The_cells_are_at_least_1_and_never_wider_than_the_widest_need()
    {
        Windows.Sample(days =>
        {
            var h = HindsightBand.Of(days);
            var largest = Math.Max(1, days.Max(d => d.Actual / d.P50));
            return h.CellsMeanRatio >= 1 && h.CellsMeanRatio <= largest + 1e-9 && h.CellsCoverage is >= 0 and <= 1;
        }, iter: 200);
    }

    [Fact]
    public void Days_in_one_cell_get_its_conformal_band_which_covers_at_least_nine_in_ten()
    {
        // One size bucket (625-3125 parcels), three or more days from the peak, enough days for a cell's own band.
        var oneCell = Gen.Select(Gen.Double[700, 3000], Gen.Double[0.2, 4], Gen.Int[3, 30]).Select(t => (t.Item1, t.Item1 * t.Item2, t.Item3)).Array[30, 300];
        oneCell.Sample(days =>
        {
            var h = HindsightBand.Of(days);
            // One band for every day, at the ⌈(n+1)·0.9⌉-th ratio: at least the plain 90 % one.
            // (The mean of n equal bands may round a few ulps below the band.)
            return h.CellsCoverage >= 0.9 && h.CellsMeanRatio >= h.UniformRatio * (1 - 1e-12);
        }, iter: 200);
    }

    [Fact]
    public void A_perfect_P50_needs_no_band_and_days_without_a_P50_are_left_out()
    {
        var exact = Enumerable.Range(0, 50).Select(i => (P50: 100.0 + i, Actual: 100.0 + i, DaysToPeak: i % 4)).ToList();
        Assert.Equal(new HindsightBand(1, 1, 1), HindsightBand.Of(exact));
        Assert.Equal(HindsightBand.Of(exact), HindsightBand.Of([.. exact, (0, 5_000, 0)]));
        Assert.Equal(new HindsightBand(1, 1, 0), HindsightBand.Of([(0, 10, 0)]));
    }

    [Fact]
    public void One_day_in_ten_twice_its_P50_needs_no_band_two_in_ten_need_a_band_of_two()
    {
        static (double, double, int) Day(int i, int every) => (100, i % 10 < every ? 200 : 100, 5);
        Assert.Equal(1, HindsightBand.Of([.. Enumerable.Range(0, 100).Select(i => Day(i, 1))]).UniformRatio);
        Assert.Equal(2, HindsightBand.Of([.. Enumerable.Range(0, 100).Select(i => Day(i, 2))]).UniformRatio);
    }
}
