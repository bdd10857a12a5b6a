using System.Globalization;
using Logistics.Scenarios;

namespace Logistics.Domain.Tests.Scenarios;

/// <summary>Recomputes the data-derived constants of <see cref="ScenarioConstants"/> from ../shared/data.</summary>
public sealed class ScenarioCalibrationTests
{
    private static IEnumerable<string[]> Csv(string file) =>
        File.ReadLines(SharedData.File(file)).Skip(1).Select(l => l.Split(','));

    private static Dictionary<DateOnly, double> DailyTotals(string file)
    {
        var totals = new Dictionary<DateOnly, double>();
        foreach (var f in Csv(file))
        {
            var d = DateOnly.ParseExact(f[1], "yyyy-MM-dd", CultureInfo.InvariantCulture);
            totals[d] = totals.GetValueOrDefault(d) + double.Parse(f[2], CultureInfo.InvariantCulture);
        }
        return totals;
    }

    private static double Median(IEnumerable<double> xs)
    {
        var a = xs.Order().ToArray();
        return a.Length % 2 == 1 ? a[a.Length / 2] : (a[a.Length / 2 - 1] + a[a.Length / 2]) / 2;
    }

    [SharedDataFact]
    public void Weekday_factors_match_the_offpeak_category_sales()
    {
        var totals = DailyTotals("category_daily_sales_offpeak.csv").Where(kv => kv.Key.Year == 2022).ToList();
        var medians = Enumerable.Range(0, 7)
            .Select(i => Median(totals.Where(kv => ((int)kv.Key.DayOfWeek + 6) % 7 == i).Select(kv => kv.Value))).ToArray();
        var mean = medians.Average();
        for (var i = 0; i < 7; i++) Assert.Equal(ScenarioConstants.WeekdayFactorMondayFirst[i], medians[i] / mean, 3);
    }

    [SharedDataFact]
    public void Horizon_lift_matches_the_2022_double_11_season()
    {
        var totals = DailyTotals("category_daily_sales_peak.csv");
        double Deweekday(DateOnly d) => totals[d] / ScenarioConstants.Weekday(d);
        var october = Median(Enumerable.Range(1, 31).Select(k => Deweekday(new DateOnly(2022, 10, k))));
        for (var k = 0; k < ScenarioConstants.HorizonLift.Length; k++)
            Assert.Equal(ScenarioConstants.HorizonLift[k], Deweekday(new DateOnly(2022, 11, 1 + k)) / october, 2);
        // The headline figure of the data README: raw 11.11 ≈ 3.7× the median October day.
        var raw = totals[new DateOnly(2022, 11, 11)] / Median(Enumerable.Range(1, 31).Select(k => totals[new DateOnly(2022, 10, k)]));
        Assert.InRange(raw, 3.6, 3.8);
    }

    [SharedDataFact]
    public void Conversion_rates_match_the_taobao_sample()
    {
        // Per (user, item): did a buy follow the first cart / favourite?
        var first = new Dictionary<(string, string, string), long>();
        var lastBuy = new Dictionary<(string, string), long>();
        long pv = 0, carts = 0;
        foreach (var f in Csv("taobao_user_behavior_sample.csv"))
        {
            var key = (f[0], f[1]);
            var t = long.Parse(f[4], CultureInfo.InvariantCulture);
            switch (f[3])
            {
                case "pv": pv++; break;
                case "cart": carts++; break;
            }
            if (f[3] == "buy") lastBuy[key] = Math.Max(lastBuy.GetValueOrDefault(key, long.MinValue), t);
            else if (!first.TryGetValue((f[0], f[1], f[3]), out var seen) || t < seen) first[(f[0], f[1], f[3])] = t;
        }
        double Rate(string behavior)
        {
            var pairs = first.Where(kv => kv.Key.Item3 == behavior).ToList();
            return pairs.Count(kv => lastBuy.TryGetValue((kv.Key.Item1, kv.Key.Item2), out var b) && b >= kv.Value) / (double)pairs.Count;
        }
        Assert.Equal(ScenarioConstants.CartToBuy, Rate("cart"), 3);
        Assert.Equal(ScenarioConstants.FavoriteToBuy, Rate("fav"), 3);
        Assert.Equal(ScenarioConstants.PageViewToCart, carts / (double)pv, 3);
    }

    [SharedDataFact]
    public void Same_day_handover_share_follows_the_taobao_noon_cutoff()
    {
        var hours = Csv("taobao_user_behavior_sample.csv").Where(f => f[3] == "buy")
            .Select(f => (long.Parse(f[4], CultureInfo.InvariantCulture) / 3600 + 8) % 24).ToList();
        Assert.Equal(ScenarioConstants.BuysBeforeNoon, hours.Count(h => h < 12) / (double)hours.Count, 3);
        Assert.InRange(ScenarioConstants.HandoverLagDays[0] - ScenarioConstants.BuysBeforeNoon * ScenarioConstants.SameDayFulfilment, -0.01, 0.01);
    }

    [SharedDataFact]
    public void Warehouse_size_spread_matches_the_real_outbound_capacities()
    {
        var v = Csv("warehouse_capacity.csv").Select(f => double.Parse(f[2], CultureInfo.InvariantCulture)).Order().ToArray();
        var sigma = Math.Log(v[3 * v.Length / 4] / v[v.Length / 4]) / 1.349;
        Assert.Equal(ScenarioConstants.WarehouseSizeSigma, sigma, 2);
    }

    [Fact]
    public void Assumed_profiles_are_distributions()
    {
        Assert.Equal(1.0, ScenarioConstants.PresaleRamp.Sum(), 9);
        Assert.Equal(1.0, ScenarioConstants.HandoverLagDays.Sum(), 9);
        Assert.Equal(1.0, ScenarioConstants.HandoverHour.Sum(), 9);
        Assert.Equal(ScenarioConstants.PresaleDays, ScenarioConstants.PresaleRamp.Length);
    }
}
