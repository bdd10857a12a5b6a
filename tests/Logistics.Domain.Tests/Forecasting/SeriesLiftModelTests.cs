using Logistics.Domain.Forecasting;

namespace Logistics.Domain.Tests.Forecasting;

public sealed class SeriesLiftModelTests
{
    private static readonly DateOnly Prev = new(2021, 11, 11), Cur = new(2022, 11, 11);

    /// <summary>Three series with a level of 100/200/300 and a 3× peak on the campaign day each year.</summary>
    private static Dictionary<string, IReadOnlyDictionary<DateOnly, double>> Synthetic(double futureNoise = 0)
    {
        var map = new Dictionary<string, IReadOnlyDictionary<DateOnly, double>>();
        for (var s = 1; s <= 3; s++)
        {
            var values = new Dictionary<DateOnly, double>();
            foreach (var day in new[] { Prev, Cur })
                for (var o = -60; o <= 10; o++)
                    values[day.AddDays(o)] = 100 * s * (o == 0 ? 3 : 1) + (day == Cur && o > -11 ? futureNoise : 0);
            map[$"S{s}"] = values;
        }
        return map;
    }

    [Fact]
    public void Forecasts_level_times_shrunk_lift_and_ignores_values_after_the_cutoff()
    {
        var f1 = SeriesLiftModel.Forecast(Synthetic(), [Prev, Cur], Cur.AddDays(-11), Cur.AddDays(-10), Cur.AddDays(5));
        var f2 = SeriesLiftModel.Forecast(Synthetic(futureNoise: 1e6), [Prev, Cur], Cur.AddDays(-11), Cur.AddDays(-10), Cur.AddDays(5));
        Assert.Equal(f1.Days, f2.Days);
        var peak = f1.Days.Single(d => d.Series == "S2" && d.Date == Cur);
        Assert.Equal(200 * Math.Pow(3, SeriesModelOptions.Default.PeakLiftShrink), peak.P50, 6);
        var flat = f1.Days.Single(d => d.Series == "S2" && d.Date == Cur.AddDays(-5));
        Assert.Equal(200, flat.P50, 6);
        Assert.All(f1.Days, d => Assert.True(d.P90 >= d.P50));
        Assert.Equal(Prev, f1.PreviousCampaignDay);
    }

    [Fact]
    public void Series_without_history_is_not_forecast_and_no_previous_campaign_means_no_lift()
    {
        var h = Synthetic();
        h["EMPTY"] = new Dictionary<DateOnly, double>();
        var f = SeriesLiftModel.Forecast(h, [Cur], Cur.AddDays(-11), Cur.AddDays(-10), Cur);
        Assert.DoesNotContain(f.Days, d => d.Series == "EMPTY");
        Assert.All(f.Days.Where(d => d.Series == "S1"), d => Assert.Equal(100, d.P50, 6));
    }
}
