using Logistics.Domain.Alerts;
using Logistics.Domain.Capacity;
using Logistics.Domain.Forecasting;
using Logistics.Domain.Handling;
using Logistics.Domain.Planning;
using Logistics.Scenarios;
using Logistics.Server.Planning;

namespace Logistics.Server.Tests.Planning;

public sealed class AudienceBuilderTests
{
    [Fact]
    public void Each_merchant_gets_every_alert_on_a_node_its_windows_or_forecast_touch_once_and_no_other()
    {
        var scenario = ScenarioGenerator.Generate(ScenarioScale.Small, 5);
        var past = scenario.PastCampaigns.Select(c => new PastCampaign(c, scenario.Signals(c).ToList(), scenario.Outcomes(c).ToList())).ToList();
        var forecast = SignalForecaster.Forecast(new ForecastInput(scenario.Current, scenario.AsOf, scenario.Signals(scenario.Current).ToList(), past, scenario.Network));
        var hours = scenario.Current.HorizonHours;
        // A third of each node's usual capacity: enough alerts of every kind and level to tell audiences apart.
        var capacities = scenario.Capacity().GroupBy(c => (c.Kind, c.Node, c.Carrier)).Select(g =>
        {
            var parcels = new long[hours];
            foreach (var c in g)
            {
                var h = (int)(c.HourUtc - scenario.Current.HorizonStartUtc).TotalHours;
                if (h >= 0 && h < hours) parcels[h] = c.Parcels / 3;
            }
            return new CapacitySeries(g.Key.Node, g.Key.Kind, g.Key.Carrier, parcels);
        }).ToList();
        // Every other hub has a bulky line of a sixtieth of its sort, every carrier bulky slots of a
        // tenth of its pickup; merchants whose code ends in 3 or 7 ship a third of their hours' goods as bulky.
        var hubs = scenario.Network.Hubs.Select(h => h.Code).Order(StringComparer.Ordinal).ToArray();
        capacities.AddRange(capacities.Where(c => c.Kind == CapacityKind.Sort && Array.IndexOf(hubs, c.Node) % 2 == 0)
            .Select(c => c with { Kind = CapacityKind.BulkySort, Parcels = [.. c.Parcels.Select(p => p / 60)] }).ToList());
        capacities.AddRange(capacities.Where(c => c.Kind == CapacityKind.Pickup)
            .Select(c => c with { Kind = CapacityKind.BulkyPickup, Parcels = [.. c.Parcels.Select(p => p / 10)] }).ToList());
        static bool Appliances(HandoverForecast r) => r.Merchant[^1] is '3' or '7' && r.Hour % 3 == 0;
        var rows = forecast.Handovers.Select(r => Appliances(r) ? r with { Handling = HandlingClass.Bulky } : r).ToList();
        var demand = HandoverDemandBuilder.From(new PlanningInput(hours, scenario.Network, rows, capacities, scenario.Current.ShipWithinHours));
        var bulkyLines = HandoverDemandBuilder.BulkyLines(capacities);
        var plan = PeakShavingPlanner.Plan(demand, scenario.Network, capacities, scenario.Current.ShipWithinHours);
        var alerts = AlertEngine.Evaluate(new AlertInput(hours, plan.Loads, scenario.Network, [], null, "test/")).InForce;
        Assert.Contains(alerts, a => a.Level == AlertLevel.Delay);
        Assert.Contains(alerts, a => a.Level == AlertLevel.Watch);
        Assert.Contains(alerts, a => a.Level is AlertLevel.Blocked or AlertLevel.Warning && a.NodeKind == LoadNodeKind.OriginSort);
        foreach (var kind in new[] { LoadNodeKind.BulkyPickup, LoadNodeKind.BulkyOriginSort, LoadNodeKind.BulkyDestinationSort })
            Assert.Contains(alerts, a => a.NodeKind == kind && a.ForMerchants);
        Assert.Contains(plan.Windows, w => w.Handling == HandlingClass.Bulky);

        var lanes = new PlannedWindows.WindowLanes();
        lanes.Gather(plan.Windows);
        // Gathered by index (the plan's windows) or from records: the same lanes.
        var fromRecords = new PlannedWindows.WindowLanes();
        fromRecords.Gather(plan.Windows.ToList());
        Assert.True(lanes.Count > scenario.Network.Merchants.Count, "a lane per merchant at most: the test tells nothing");
        Assert.Equal(fromRecords, lanes);
        var built = new AudienceBuilder(scenario.Network, alerts, bulkyLines).Audiences(lanes, demand.Pairs)
            .ToDictionary(a => a.Merchant, a => a.Alerts.ToList());

        var expected = Plainly(scenario.Network, plan, demand, alerts, bulkyLines);
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), built.Keys.Order(StringComparer.Ordinal));
        foreach (var (merchant, list) in built)
        {
            Assert.Equal(list.Count, list.Distinct().Count());
            Assert.Equal(expected[merchant], list.Order());
        }
        Assert.True(built.Values.Sum(l => l.Count) > built.Count, "every merchant concerned by one alert at most: the test tells nothing");
    }

    /// <summary>
    /// The definition, written plainly: per merchant, the set of nodes, then the alerts on them (watch is
    /// for ops). Bulky goods touch the bulky kinds, only at hubs with a bulky line, and no outbound.
    /// </summary>
    private static Dictionary<string, List<int>> Plainly(Logistics.Domain.Network.NetworkModel network, PlanResult plan, HandoverDemand demand, IReadOnlyList<Alert> alerts,
        IReadOnlySet<string> bulkyLines)
    {
        var nodes = new Dictionary<string, HashSet<(LoadNodeKind, string, string?)>>(StringComparer.Ordinal);
        HashSet<(LoadNodeKind, string, string?)> Of(string merchant) => nodes.TryGetValue(merchant, out var set) ? set : nodes[merchant] = [];
        var hubCarrier = network.Hubs.ToDictionary(h => h.Code, h => h.Carrier);
        foreach (var w in plan.Windows)
        {
            var set = Of(w.Merchant);
            var bulky = w.Handling == HandlingClass.Bulky;
            if (!bulky) set.Add((LoadNodeKind.Outbound, w.Warehouse, null));
            set.Add((bulky ? LoadNodeKind.BulkyPickup : LoadNodeKind.Pickup, w.Warehouse, w.Carrier));
            set.Add((bulky ? LoadNodeKind.BulkyOriginSort : LoadNodeKind.OriginSort, w.Hub, hubCarrier[w.Hub]));
        }
        foreach (var p in demand.Pairs)
            foreach (var (carrier, region) in p.Lines)
            {
                var set = Of(p.Merchant);
                var bulky = p.Handling == HandlingClass.Bulky;
                if (!bulky) set.Add((LoadNodeKind.Outbound, p.Warehouse, null));
                set.Add((bulky ? LoadNodeKind.BulkyPickup : LoadNodeKind.Pickup, p.Warehouse, carrier));
                foreach (var lane in network.Lanes.Where(l => l.Warehouse == p.Warehouse && l.Carrier == carrier && (!bulky || bulkyLines.Contains(l.Hub))))
                    set.Add((bulky ? LoadNodeKind.BulkyOriginSort : LoadNodeKind.OriginSort, lane.Hub, carrier));
                var destination = network.Hubs.Where(h => h.Carrier == carrier && h.Region == region && (!bulky || bulkyLines.Contains(h.Code)))
                    .Select(h => h.Code).Order(StringComparer.Ordinal).FirstOrDefault();
                if (destination is not null) set.Add((bulky ? LoadNodeKind.BulkyDestinationSort : LoadNodeKind.DestinationSort, destination, carrier));
            }
        return nodes
            .Select(kv => (kv.Key, Alerts: Enumerable.Range(0, alerts.Count)
                .Where(i => alerts[i].ForMerchants && kv.Value.Contains((alerts[i].NodeKind, alerts[i].Node, alerts[i].Carrier))).ToList()))
            .Where(m => m.Alerts.Count > 0)
            .ToDictionary(m => m.Key, m => m.Alerts, StringComparer.Ordinal);
    }
}
