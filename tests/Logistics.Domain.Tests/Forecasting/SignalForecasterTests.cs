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
    public void One_past_campaign_without_signals_calibrates_on_nothing_and_still_forecasts_from_history()
    {
        // Its units have only history, which one campaign cannot test: the replay is empty.
        var onlyOutcomes = World.Past[^1] with { Signals = [] };
        var f = SignalForecaster.Forecast(World.Input(withSignals: false) with { Past = [onlyOutcomes] });
        Assert.NotEmpty(f.Days);
        Assert.All(f.Days, d => Assert.True(d.P90 >= d.P50 && d.P50 > 0));
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
        var withSignals = SignalForecaster.Forecast(World.Input());
        var historyOnly = SignalForecaster.Forecast(World.Input(withSignals: false));
        var mwd = Accuracy.MerchantWarehouseDay(withSignals, World.CurrentOutcomes);
        var mwdHistory = Accuracy.MerchantWarehouseDay(historyOnly, World.CurrentOutcomes);
        var hub = Accuracy.HubDay(withSignals, World.CurrentOutcomes, TinyScenario.Network, World.Current);
        var hubHistory = Accuracy.HubDay(historyOnly, World.CurrentOutcomes, TinyScenario.Network, World.Current);
        foreach (var c in withSignals.Coefficients.Where(c => c.Value > 0)) output.WriteLine(c.ToString());
        output.WriteLine($"merchant-warehouse-day WAPE: with signals {mwd:0.000}, history only {mwdHistory:0.000}");
        output.WriteLine($"origin-hub-day WAPE: with signals {hub:0.000}, history only {hubHistory:0.000}");
        output.WriteLine($"P90 coverage (unit-day): with signals {Accuracy.P90Coverage(withSignals, World.CurrentOutcomes):0.000}, history only {Accuracy.P90Coverage(historyOnly, World.CurrentOutcomes):0.000}");
        Assert.True(mwd < mwdHistory);
        // At hub-day the two are close in this world (over 20 seeds: 0.065 with signals vs 0.062
        // history-only): summed over a hub, the merchants' year-to-year swings the signals explain
        // cancel out, and what is left is the day shape, which history knows as well.
        Assert.True(hub <= hubHistory + 0.01, $"{hub} vs {hubHistory}");
        Assert.True(mwd <= 0.25, $"{mwd}");
        Assert.True(hub <= 0.10, $"{hub}");
    }
}
