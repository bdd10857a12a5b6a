using System.Diagnostics;
using Logistics.Domain.Forecasting;
using Logistics.Domain.Planning;
using Logistics.Domain.Scenarios;
using Xunit.Abstractions;

namespace Logistics.Domain.Tests.Planning;

/// <summary>
/// Not a timed test: a probe that runs only when SCENARIO_PLAN_MERCHANTS is set. It plans a generated
/// scenario (national shape, that many merchants) in memory, with and without headroom (or with each
/// headroom cost of SCENARIO_PLAN_HEADROOM, comma-separated), e.g.
/// SCENARIO_PLAN_MERCHANTS=10000 dotnet test tests/Logistics.Domain.Tests -c Release --filter ScenarioPlanProbe --logger "console;verbosity=detailed"
/// </summary>
public class ScenarioPlanProbe(ITestOutputHelper output)
{
    [Fact]
    public void Plan_a_generated_scenario()
    {
        if (Environment.GetEnvironmentVariable("SCENARIO_PLAN_MERCHANTS") is not { Length: > 0 } merchants) return;
        var sw = Stopwatch.StartNew();
        var scenario = ScenarioGenerator.Generate(ScenarioSize.National with { Merchants = int.Parse(merchants) }, 11);
        var past = scenario.PastCampaigns.Select(c => new PastCampaign(c, scenario.Signals(c).ToList(), scenario.Outcomes(c).ToList())).ToList();
        var forecast = SignalForecaster.Forecast(new ForecastInput(scenario.Current, scenario.AsOf, scenario.Signals(scenario.Current).ToList(), past, scenario.Network));
        int hours = scenario.Current.HorizonHours;
        var builder = new HandoverDemandBuilder(hours, scenario.Network, PlannerSettings.Default.PickupLagHours);
        foreach (var row in forecast.Handovers) builder.Add(row);
        var demand = builder.Build();
        var start = scenario.Current.HorizonStartUtc;
        var capacities = scenario.Capacity()
            .GroupBy(c => (c.Kind, c.Node, c.Carrier))
            .Select(g =>
            {
                var parcels = Enumerable.Repeat(1_000_000_000L, hours).ToArray();
                foreach (var c in g)
                {
                    int h = (int)(c.HourUtc - start).TotalHours;
                    if (h >= 0 && h < hours) parcels[h] = c.Parcels;
                }
                return new CapacitySeries(g.Key.Node, g.Key.Kind, g.Key.Carrier, parcels);
            }).ToList();
        output.WriteLine($"scenario, forecast and demand: {sw.Elapsed.TotalSeconds:0.0} s, {demand.Rows:N0} rows, {capacities.Count:N0} capacity series");
        var costs = Environment.GetEnvironmentVariable("SCENARIO_PLAN_HEADROOM") is { Length: > 0 } list
            ? list.Split(',').Select(long.Parse).ToArray() : [0, PlannerSettings.Default.HeadroomCost];
        foreach (var headroom in costs)
        {
            sw.Restart();
            var settings = PlannerSettings.Default with { HeadroomCost = headroom };
            var plan = PeakShavingPlanner.Plan(demand, scenario.Network, capacities, scenario.Current.ShipWithinHours, settings,
                (name, took) => output.WriteLine($"  {name}: {took.TotalSeconds:0.00} s"));
            var alerts = Logistics.Domain.Alerts.AlertEngine.Evaluate(new Logistics.Domain.Alerts.AlertInput(hours, plan.Loads, scenario.Network, []));
            output.WriteLine("blocked by node kind: " + string.Join(", ", alerts.InForce.Where(a => a.Level == Logistics.Domain.Alerts.AlertLevel.Blocked).GroupBy(a => a.NodeKind).Select(g => $"{g.Key} {g.Count():N0}")));
            output.WriteLine($"headroom cost {headroom}: {sw.Elapsed.TotalSeconds:0.0} s, delay-h {plan.Merchants.Sum(m => m.TotalDelayHours):N0}, late {plan.LateParcels:N0}, " +
                             $"alerts {alerts.InForce.Count:N0} ({string.Join(", ", alerts.InForce.GroupBy(a => a.Level).OrderBy(g => g.Key).Select(g => $"{g.Key} {g.Count():N0}"))})");
        }
    }
}
