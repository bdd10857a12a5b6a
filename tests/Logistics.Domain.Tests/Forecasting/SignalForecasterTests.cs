using Logistics.Domain.Demand;
using Logistics.Domain.Forecasting;
using Xunit.Abstractions;

namespace Logistics.Domain.Tests.Forecasting;

public sealed class SignalForecasterTests(ITestOutputHelper output)
{
    private static readonly TinyScenario World = TinyScenario.Build();

    [Fact]
    public void Identical_input_gives_identical_output_and_P90_is_never_below_P50()
    {
        var a = SignalForecaster.Forecast(World.Input());
        var b = SignalForecaster.Forecast(World.Input());
        Assert.Equal(a.Handovers, b.Handovers);
        Assert.Equal(a.Days, b.Days);
        Assert.NotEmpty(a.Handovers);
        Assert.All(a.Handovers, h => Assert.True(h.P90 >= h.P50 && h.P50 >= 0));
        Assert.All(a.Days, d => Assert.True(d.P90 >= d.P50));
        var h = SignalForecaster.Forecast(World.Input(withSignals: false));
        Assert.All(h.Handovers, x => Assert.True(x.P90 >= x.P50));
    }

    [Fact]
    public void Shuffled_input_rows_give_the_same_output()
    {
        var shuffled = World.CurrentSignals.Reverse().ToList();
        var a = SignalForecaster.Forecast(World.Input());
        var b = SignalForecaster.Forecast(World.Input() with { Signals = shuffled, Past = World.Past.Reverse().ToList() });
        Assert.Equal(a.Days.Count, b.Days.Count);
        for (var i = 0; i < a.Days.Count; i++) Assert.Equal(a.Days[i].P50, b.Days[i].P50, 9);
    }

    [Fact]
    public void Doubling_every_signal_doubles_the_signal_driven_part()
    {
        static long? D(long? v) => v * 2;
        var doubled = World.CurrentSignals.Select(s => s with { Carts = D(s.Carts), Favorites = D(s.Favorites), Deposits = D(s.Deposits), PresaleOrders = D(s.PresaleOrders) }).ToList();
        var a = SignalForecaster.Forecast(World.Input());
        var b = SignalForecaster.Forecast(World.Input() with { Signals = doubled });
        var sa = a.Days.Sum(d => d.SignalP50);
        var sb = b.Days.Sum(d => d.SignalP50);
        Assert.True(sa > 0);
        Assert.Equal(2.0, sb / sa, 3);
    }

    [Fact]
    public void Merchant_with_no_signals_and_no_history_forecasts_zero()
    {
        var ghost = new SignalRow(World.Current.Code, "GHOST", "W1", "R1", "CAT0", World.AsOf, null, null, null, null, null);
        var f = SignalForecaster.Forecast(World.Input() with { Signals = [.. World.CurrentSignals, ghost] });
        Assert.DoesNotContain(f.Handovers, h => h.Merchant == "GHOST" && h.P90 > 0);
        Assert.DoesNotContain(f.Days, d => d.Merchant == "GHOST");
        // A cold-start merchant with signals but no history is forecast from category priors.
        Assert.Contains(f.Days, d => d.Merchant == "NEW1" && d.P50 > 0);
    }

    [Fact]
    public void Handovers_sum_to_the_daily_forecast_and_fall_in_the_horizon()
    {
        var f = SignalForecaster.Forecast(World.Input());
        Assert.Equal(f.Days.Sum(d => d.P50), f.Handovers.Sum(h => h.P50), 3);
        Assert.All(f.Handovers, h => Assert.InRange(h.Hour, 0, World.Current.HorizonHours - 1));
        Assert.Equal(["CA", "CB"], f.Handovers.Select(h => h.Carrier).Distinct().Order().ToArray());
    }

    [Fact]
    public void With_signals_beats_history_only_on_the_tiny_world()
    {
        var truth = World.CurrentOutcomes.GroupBy(r => (r.Merchant, r.Warehouse, r.Date)).ToDictionary(g => g.Key, g => (double)g.Sum(r => r.Parcels));
        double Wape(SignalForecast f)
        {
            var fc = f.Days.GroupBy(d => (d.Merchant, d.Warehouse, d.Date)).ToDictionary(g => g.Key, g => g.Sum(d => d.P50));
            var keys = truth.Keys.Union(fc.Keys);
            return keys.Sum(k => Math.Abs(fc.GetValueOrDefault(k) - truth.GetValueOrDefault(k))) / truth.Values.Sum();
        }
        var withSignals = SignalForecaster.Forecast(World.Input());
        var signals = Wape(withSignals);
        var unitTruth = World.CurrentOutcomes.GroupBy(r => (r.Merchant, r.Warehouse, r.Region, r.Date)).ToDictionary(g => g.Key, g => (double)g.Sum(r => r.Parcels));
        var covered = withSignals.Days.Count(d => unitTruth.GetValueOrDefault((d.Merchant, d.Warehouse, d.Region, d.Date)) <= d.P90);
        output.WriteLine($"P90 coverage (merchant-warehouse-region-day): {covered / (double)withSignals.Days.Count:0.000}");
        var history = Wape(SignalForecaster.Forecast(World.Input(withSignals: false)));
        foreach (var c in SignalForecaster.Forecast(World.Input()).Coefficients) output.WriteLine(c.ToString());
        output.WriteLine($"merchant-warehouse-day WAPE: with signals {signals:0.000}, history only {history:0.000}");
        Assert.True(signals < history);
        Assert.True(signals <= 0.25, $"{signals}");
    }
}
