using System.Diagnostics;
using System.Globalization;
using Logistics.Domain.Alerts;
using Logistics.Domain.Forecasting;
using Logistics.Domain.Planning;
using Logistics.Scenarios;
using Logistics.Server.Cli;

namespace Logistics.Benchmarks;

/// <summary>
/// The planner alone, in memory, on a generated scenario's forecast (national shape, default 10,000
/// merchants): the plan with headroom (the default) against the same plan without it (the
/// reference, HeadroomCost 0), each with its stages, added delay, late parcels and alerts by level.
/// Headroom is worth its cost when it removes blocked alerts and makes no parcel late.
/// </summary>
internal static class PlannerBenchmark
{
    public static Task RunAsync(Args args, TextWriter stdout)
    {
        var merchants = int.Parse(args.Option("merchants") ?? "10000", CultureInfo.InvariantCulture);
        var seed = BenchOptions.Seed(args);
        var headroom = long.Parse(args.Option("headroom") ?? PlannerSettings.Default.HeadroomCost.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        args.RejectUnknown();

        var clock = Stopwatch.StartNew();
        var scenario = ScenarioGenerator.Generate(ScenarioSize.National with { Merchants = merchants }, seed);
        var past = scenario.PastCampaigns.Select(c => new PastCampaign(c, scenario.Signals(c).ToList(), scenario.Outcomes(c).ToList())).ToList();
        var columns = new ForecastInput(scenario.Current, scenario.AsOf, scenario.Signals(scenario.Current).ToList(), past, scenario.Network).ToColumns();
        var generated = clock.Elapsed.TotalSeconds;
        var forecast = SignalForecaster.Forecast(columns);
        var fitted = clock.Elapsed.TotalSeconds;
        int hours = scenario.Current.HorizonHours;
        var builder = new HandoverDemandBuilder(hours, scenario.Network, PlannerSettings.Default.PickupLagHours);
        builder.AddPairs(forecast.Pairs);
        var demand = builder.Build();
        stdout.WriteLine($"generated {generated:F1} s, forecast (fit, predict by day) {fitted - generated:F1} s, hand-off (hours, rounding, node loads) {clock.Elapsed.TotalSeconds - fitted:F1} s");
        columns = null;
        past = null;
        forecast = null;
        var capacities = Capacities(scenario, hours);
        stdout.WriteLine($"scenario (seed {seed}): {merchants:N0} merchants, forecast and hand-off {clock.Elapsed.TotalSeconds:F1} s, " +
                         $"{demand.Rows:N0} forecast rows, {capacities.Count:N0} capacity series");

        (double Seconds, PlanResult Plan, AlertRunResult Alerts) Run(long cost)
        {
            var settings = PlannerSettings.Default with { HeadroomCost = cost };
            var stages = new List<string>();
            var watch = Stopwatch.StartNew();
            var plan = PeakShavingPlanner.Plan(demand, scenario.Network, capacities, scenario.Current.ShipWithinHours, settings,
                (name, took) => stages.Add($"{name} {took.TotalSeconds:F2} s"));
            var seconds = watch.Elapsed.TotalSeconds;
            var alerts = AlertEngine.Evaluate(new AlertInput(hours, plan.Loads, scenario.Network, []));
            stdout.WriteLine($"headroom cost {cost:N0}: {seconds:F2} s ({string.Join(", ", stages)}); delay {plan.Merchants.Sum(m => m.TotalDelayHours):N0} parcel-hours, " +
                             $"late {plan.LateParcels:N0}, unplanned {plan.UnplannedParcels:N0}; alerts {alerts.InForce.Count:N0}: " +
                             string.Join(", ", alerts.InForce.GroupBy(a => a.Level).OrderBy(g => g.Key).Select(g => $"{AlertLevels.Name(g.Key)} {g.Count():N0}")) +
                             "; blocked by node: " + string.Join(", ", Blocked(alerts).GroupBy(a => a.NodeKind).OrderBy(g => g.Key).Select(g => $"{g.Key} {g.Count():N0}")));
            return (seconds, plan, alerts);
        }

        var without = Run(0);
        var with = Run(headroom);
        int blockedWithout = Blocked(without.Alerts).Count(), blockedWith = Blocked(with.Alerts).Count();
        long parcels = with.Plan.TotalParcels;
        double addedDelay = (with.Plan.Merchants.Sum(m => m.TotalDelayHours) - without.Plan.Merchants.Sum(m => m.TotalDelayHours)) / (double)Math.Max(1, parcels);
        stdout.WriteLine($"headroom: blocked alerts {blockedWithout:N0} -> {blockedWith:N0}, delay +{addedDelay:F4} h per parcel, plan {with.Seconds:F2} s against {without.Seconds:F2} s without");
        var what = $"{merchants:N0} merchants";
        Scoreboard.Add(new Score("planner", $"plan with headroom, {what}: blocked alerts, late parcels",
            $"{with.Seconds:F1} s; blocked {blockedWith:N0}, late {with.Plan.LateParcels:N0}", $"without headroom {without.Seconds:F1} s; blocked {blockedWithout:N0}",
            Scoreboard.Ratio(with.Seconds / without.Seconds), "fewer blocked, none late", blockedWith < blockedWithout && with.Plan.LateParcels == 0));
        return Task.CompletedTask;
    }

    private static IEnumerable<Alert> Blocked(AlertRunResult alerts) => alerts.InForce.Where(a => a.Level == AlertLevel.Blocked);

    /// <summary>The scenario's capacity as the snapshot reads it: one series per node, hours without an upload unconstrained.</summary>
    private static List<CapacitySeries> Capacities(Scenario scenario, int hours)
    {
        var start = scenario.Current.HorizonStartUtc;
        return scenario.Capacity()
            .GroupBy(c => (c.Kind, c.Node, c.Carrier))
            .OrderBy(g => g.Key.Kind).ThenBy(g => g.Key.Node, StringComparer.Ordinal).ThenBy(g => g.Key.Carrier, StringComparer.Ordinal)
            .Select(g =>
            {
                var parcels = Enumerable.Repeat(Logistics.Server.Planning.SnapshotReader.Unconstrained, hours).ToArray();
                foreach (var c in g)
                {
                    int h = (int)(c.HourUtc - start).TotalHours;
                    if (h >= 0 && h < hours) parcels[h] = c.Parcels;
                }
                return new CapacitySeries(g.Key.Node, g.Key.Kind, g.Key.Carrier, parcels);
            }).ToList();
    }
}
