using Logistics.Domain.Forecasting;
using Logistics.Scenarios;
using Xunit.Abstractions;

namespace Logistics.Domain.Tests.Forecasting;

/// <summary>The signal model against the generator's hidden truth (issue 4's goals on generated data).</summary>
public sealed class ScenarioAccuracyTests(ITestOutputHelper output)
{
    public static ForecastInput Input(Scenario s, bool withSignals) => new(
        s.Current,
        s.AsOf,
        withSignals ? s.Signals(s.Current).ToList() : [],
        [.. s.PastCampaigns.Select(c => new PastCampaign(c, s.Signals(c).ToList(), s.Outcomes(c).ToList()))],
        s.Network);

    [Theory]
    [InlineData(7UL)]
    public void Small_scenario_meets_the_goals_and_signals_beat_history_only(ulong seed)
    {
        var s = ScenarioGenerator.Generate(ScenarioScale.Small, seed);
        var truth = s.TrueOutcomes().ToList();
        var withSignals = SignalForecaster.Forecast(Input(s, withSignals: true));
        var historyOnly = SignalForecaster.Forecast(Input(s, withSignals: false));
        var mwd = Accuracy.MerchantWarehouseDay(withSignals, truth);
        var mwdHistory = Accuracy.MerchantWarehouseDay(historyOnly, truth);
        var hub = Accuracy.HubDay(withSignals, truth, s.Network, s.Current);
        var hubHistory = Accuracy.HubDay(historyOnly, truth, s.Network, s.Current);
        output.WriteLine($"seed {seed}: merchant-warehouse-day WAPE {mwd:0.000} (history only {mwdHistory:0.000}); " +
                         $"origin-hub-day {hub:0.000} (history only {hubHistory:0.000}); " +
                         $"P90 coverage {Accuracy.P90Coverage(withSignals, truth):0.000} (history only {Accuracy.P90Coverage(historyOnly, truth):0.000})");
        foreach (var c in withSignals.Coefficients.Where(c => c.Category == "*")) output.WriteLine(c.ToString());
        Assert.True(mwd < mwdHistory, $"{mwd} vs {mwdHistory}");
        Assert.True(hub < hubHistory, $"{hub} vs {hubHistory}");
        Assert.True(mwd <= 0.25, $"{mwd}");
        // Realised demand has shocks of its own that no signal shows (issue 18: a hub-day spread of at
        // least 0.10, where real sites show 0.2-0.3): the forecast stays well inside what history alone does.
        Assert.True(hub <= 0.20, $"{hub}");
    }
}
