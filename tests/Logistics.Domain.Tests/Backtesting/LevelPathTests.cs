using Logistics.Domain.Backtesting;
using Logistics.Domain.Forecasting;

namespace Logistics.Domain.Tests.Backtesting;

/// <summary>The level path's recent level: days before a unit began shipping are not days of no demand.</summary>
public sealed class LevelPathTests
{
    private static readonly PeakCampaign Current = PeakCalendar.Year(2022).Single(c => c.Kind == PeakCalendar.Double11);
    private static readonly PeakCampaign Previous = PeakCalendar.Year(2021).Single(c => c.Kind == PeakCalendar.Double11);

    private static IEnumerable<SeriesRow> Daily(string series, DateOnly from, DateOnly to, Func<DateOnly, long> parcels)
    {
        for (var d = from; d <= to; d = d.AddDays(1)) yield return new SeriesRow(series, d, parcels(d));
    }

    [Fact]
    public void A_site_that_opened_inside_the_level_window_is_forecast_from_its_days_and_a_sparse_one_from_the_whole_window()
    {
        var (cutoff, sale) = (Current.Cutoff, new DateOnly(2022, 11, 5));
        List<SeriesRow> rows =
        [
            // An old site: 1,000 a day, twice that over last year's Double 11 horizon (a lift of 2).
            .. Daily("OLD", new DateOnly(2021, 9, 1), cutoff, d => d >= Previous.HorizonStart && d <= Previous.HorizonEnd ? 2000 : 1000),
            // A site that opened ten days before the cutoff and has shipped 1,000 a day since.
            .. Daily("NEW", cutoff.AddDays(-9), cutoff, _ => 1000),
            // A lane that ships 10 parcels now and then: its empty days are days of no demand.
            .. new[] { 30, 12, 3 }.Select(back => new SeriesRow("SPARSE", cutoff.AddDays(-back), 10)),
        ];
        var f = SeriesForecaster.Forecast(rows, Current, Previous, SignalModelOptions.Default);

        Assert.InRange(f[("OLD", sale)].P50, 1900, 2100);
        // The pooled lift (2) on its own level of 1,000, not on 1,000 × 10 ÷ 42 days.
        Assert.InRange(f[("NEW", sale)].P50, 1800, 2200);
        // 30 parcels over the 42 days, × the lift: about 1.4 a day, not 20.
        Assert.InRange(f[("SPARSE", sale)].P50, 0.5, 3);
    }
}
