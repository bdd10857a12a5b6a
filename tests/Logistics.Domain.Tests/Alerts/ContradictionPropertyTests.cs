using CsCheck;
using Logistics.Domain.Alerts;
using Logistics.Domain.Planning;
using Logistics.Domain.Tests.Planning;

namespace Logistics.Domain.Tests.Alerts;

/// <summary>Alerts and windows of one plan never contradict each other, whatever the scenario.</summary>
public sealed class ContradictionPropertyTests
{
    [Fact]
    public void Random_scenarios_give_no_contradictions()
    {
        var bulkyAlerts = 0;
        Gen.Int[0, 1_000_000].Select(Gen.Bool, Gen.Bool, Gen.Bool).Sample((seed, roomy, large, bulky) =>
        {
            var input = RandomInstances.Build(seed, roomy, large, bulky);
            var plan = PeakShavingPlanner.Plan(input);
            var first = AlertEngine.Evaluate(new AlertInput(input.HorizonHours, plan.Loads, input.Network, [], null, "p/"));
            // And again with the first run's alerts as the previous ones, part of the horizon passed.
            var second = AlertEngine.Evaluate(new AlertInput(input.HorizonHours, plan.Loads, input.Network, first.InForce, null, "q/", input.HorizonHours / 2));
            foreach (var alerts in new[] { first.InForce, second.InForce })
            {
                var found = Contradictions.Find(plan, alerts, input.Network, input.HorizonHours);
                Assert.True(found.Count == 0, $"seed {seed}: {string.Join("; ", found)}");
                Assert.All(alerts, a => Assert.True(a.NodeKind.IsDestinationSort() == (a.Level == AlertLevel.Delay), $"seed {seed}: {a}"));
                // A bulky node's alert offers bulky lanes only. These small worlds seldom leave the 10 parcels of
                // room an offer needs, for either class; AlertEngineTests makes one on purpose.
                Assert.All(alerts.Where(a => LoadNodeKinds.Handling(a.NodeKind) == Handling.HandlingClass.Bulky).SelectMany(a => a.Options.Where(o => o.Warehouse is not null)),
                    o => Assert.Contains(input.Capacities, c => c.Kind == Capacity.CapacityKind.BulkySort && c.Node == o.Node));
                var bulkyHere = alerts.Where(a => LoadNodeKinds.Handling(a.NodeKind) == Handling.HandlingClass.Bulky).ToArray();
                Interlocked.Add(ref bulkyAlerts, bulkyHere.Length);
            }
            Assert.All(second.InForce, a => Assert.True(a.EndHour > input.HorizonHours / 2));
        }, iter: 400);
        Assert.True(bulkyAlerts > 0, "the scenarios gave no bulky alert");
    }

    [Fact]
    public void The_check_finds_an_instead_without_room_and_a_window_over_capacity()
    {
        var input = RandomInstances.Build(7, roomy: false, large: true);
        var plan = PeakShavingPlanner.Plan(input);
        var load = plan.Loads.First(l => l.Kind == LoadNodeKind.Outbound && l.Capacity is not null);
        var full = load with { Planned = load.Capacity!.Select(c => c + 5.0).ToArray() };
        var over = plan with { Loads = [.. plan.Loads.Select(l => ReferenceEquals(l, load) ? full : l)] };
        Assert.Contains(Contradictions.Find(over, [], input.Network, input.HorizonHours), c => c.Rule == "window_over_capacity");

        var bogus = new Alert("x", 1, AlertLevel.Blocked, LoadNodeKind.Outbound, load.Node, null, 0, 1, 1, 1, 1, 1,
            Instead: [new AlertOption(null, load.Node, null, 0, input.HorizonHours, long.MaxValue / 4)]);
        Assert.Contains(Contradictions.Find(plan, [bogus], input.Network, input.HorizonHours), c => c.Rule == "instead_without_room");
    }
}
