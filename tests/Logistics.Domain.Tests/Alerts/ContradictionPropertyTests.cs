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
        Gen.Int[0, 1_000_000].Select(Gen.Bool, Gen.Bool).Sample((seed, roomy, large) =>
        {
            var input = RandomInstances.Build(seed, roomy, large);
            var plan = PeakShavingPlanner.Plan(input);
            var first = AlertEngine.Evaluate(new AlertInput(input.HorizonHours, plan.Loads, input.Network, [], null, "p/"));
            // And again with the first run's alerts as the previous ones, part of the horizon passed.
            var second = AlertEngine.Evaluate(new AlertInput(input.HorizonHours, plan.Loads, input.Network, first.InForce, null, "q/", input.HorizonHours / 2));
            foreach (var alerts in new[] { first.InForce, second.InForce })
            {
                var found = Contradictions.Find(plan, alerts, input.Network, input.HorizonHours);
                Assert.True(found.Count == 0, $"seed {seed}: {string.Join("; ", found)}");
                Assert.All(alerts, a => Assert.True(a.NodeKind == LoadNodeKind.DestinationSort == (a.Level == AlertLevel.Delay), $"seed {seed}: {a}"));
            }
            Assert.All(second.InForce, a => Assert.True(a.EndHour > input.HorizonHours / 2));
        }, iter: 400);
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
