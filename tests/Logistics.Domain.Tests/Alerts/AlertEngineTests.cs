using Logistics.Domain.Alerts;
using Logistics.Domain.Capacity;
using Logistics.Domain.Network;
using Logistics.Domain.Planning;

namespace Logistics.Domain.Tests.Alerts;

public class AlertEngineTests
{
    private const int Hours = 10;

    private static readonly NetworkModel Net = new(
        [new Carrier("C1", "C1")],
        [new Hub("H1", "H1", "C1", "R1"), new Hub("H2", "H2", "C1", "R2"), new Hub("H3", "H3", "C1", "R3")],
        [], [], [], [], []);

    /// <summary>An origin hub with capacity 100 per hour and the given P90 loads (P50 = P90 / 1.5).</summary>
    private static NodeLoad Hub(string code, double[] p90, long[]? capacity = null) => new(
        LoadNodeKind.OriginSort, code, "C1", p90.Select(x => x / 1.5).ToArray(), p90, p90, p90,
        capacity ?? Enumerable.Repeat(100L, Hours).ToArray());

    private static double[] Load(params (int From, int To, double Value)[] parts)
    {
        var l = new double[Hours];
        foreach (var (from, to, v) in parts) for (int t = from; t < to; t++) l[t] = v;
        return l;
    }

    private static AlertRunResult Run(IReadOnlyList<Alert> previous, params NodeLoad[] loads) =>
        AlertEngine.Evaluate(new AlertInput(Hours, loads, Net, previous, IdPrefix: "c/"));

    [Fact]
    public void Levels_cover_maximal_ranges_and_say_why()
    {
        var cap = Enumerable.Repeat(100L, Hours).ToArray();
        cap[6] = 0;
        var r = Run([], Hub("H1", Load((0, 2, 80), (2, 4, 95), (4, 5, 120), (5, 6, 50), (6, 7, 10)), cap));
        Assert.Equal(
            [(AlertLevel.Watch, 0, 2), (AlertLevel.Warning, 2, 4), (AlertLevel.Blocked, 4, 5), (AlertLevel.Blocked, 6, 7)],
            r.InForce.Select(a => (a.Level, a.StartHour, a.EndHour)));
        Assert.All(r.Events, e => Assert.Equal(AlertEventKind.Created, e.Kind));
        var blocked = r.InForce[2];
        Assert.Equal(120, blocked.ForecastP90);
        Assert.Equal(100, blocked.CapacityParcels);
        Assert.Equal(1.2, blocked.Utilization);
        Assert.Contains("exceeds capacity", blocked.Reason);
        Assert.Contains("120", blocked.Reason);
        Assert.Null(r.InForce[3].Utilization);
        Assert.Contains("closed", r.InForce[3].Reason);
        Assert.Equal("c/OriginSort:H1:C1:4", blocked.Id);
    }

    [Fact]
    public void Advice_gives_the_next_range_with_room()
    {
        var r = Run([], Hub("H1", Load((0, 3, 95), (3, 5, 40), (5, 10, 99))));
        var advice = r.InForce[0].Advice;
        Assert.Equal((3, 5, 120L), (advice.NextStartHour!.Value, advice.NextEndHour!.Value, advice.RoomParcels!.Value));
        Assert.Contains("hours 3-4", advice.Text);
    }

    [Fact]
    public void Advice_names_an_alternative_hub_of_the_same_carrier_with_room()
    {
        var r = AlertEngine.Evaluate(new AlertInput(Hours,
            [Hub("H1", Load((0, 10, 120))), Hub("H2", Load((0, 10, 90)))], Net, [],
            SortCapacities: [new CapacitySeries("H3", CapacityKind.Sort, null, Enumerable.Repeat(50L, Hours).ToArray())]));
        var h1 = r.InForce.Single(a => a.Node == "H1");
        Assert.Null(h1.Advice.NextStartHour);
        Assert.Equal("H3", h1.Advice.AlternativeHub); // H2 is itself at 90%
    }

    [Fact]
    public void Rerun_with_the_same_input_publishes_nothing_new()
    {
        var load = Hub("H1", Load((2, 5, 95)));
        var first = Run([], load);
        var second = Run(first.InForce, load);
        Assert.Empty(second.Events);
        Assert.Equal(first.InForce, second.InForce);
    }

    [Fact]
    public void Oscillating_just_below_the_threshold_does_not_flap()
    {
        var high = Hub("H1", Load((2, 5, 95)));
        var low = Hub("H1", Load((2, 5, 85))); // below warning, within the 10-point margin
        var state = Run([], high).InForce;
        var id = state.Single().Id;
        for (int run = 0; run < 6; run++)
        {
            var r = Run(state, run % 2 == 0 ? low : high);
            var a = r.InForce.Single();
            Assert.Equal((id, AlertLevel.Warning, 2, 5), (a.Id, a.Level, a.StartHour, a.EndHour));
            Assert.DoesNotContain(r.Events, e => e.Kind != AlertEventKind.Updated);
            state = r.InForce;
        }
    }

    [Fact]
    public void An_alert_clears_after_two_runs_below_or_at_once_ten_points_below()
    {
        var state = Run([], Hub("H1", Load((2, 5, 95)))).InForce;

        var below1 = Run(state, Hub("H1", Load((2, 5, 85))));
        Assert.Equal((AlertLevel.Warning, 1), (below1.InForce.Single().Level, below1.InForce.Single().RunsBelow));
        var below2 = Run(below1.InForce, Hub("H1", Load((2, 5, 85))));
        var downgraded = below2.InForce.Single();
        Assert.Equal((AlertLevel.Watch, 0), (downgraded.Level, downgraded.RunsBelow)); // warning cleared, watch remains
        Assert.Equal(state.Single().Id, downgraded.Id);
        Assert.Equal(AlertEventKind.Updated, below2.Events.Single().Kind);

        var farBelow = Run(state, Hub("H1", Load((2, 5, 70))));
        Assert.Empty(farBelow.InForce);
        var cleared = farBelow.Events.Single();
        Assert.Equal((AlertEventKind.Cleared, state.Single().Id, 2), (cleared.Kind, cleared.Alert.Id, cleared.Alert.Version));
    }

    [Fact]
    public void Updates_bump_the_version_only_when_published_numbers_change()
    {
        var v1 = Run([], Hub("H1", Load((2, 5, 95)))).InForce;
        var tiny = Run(v1, Hub("H1", Load((2, 5, 95.001))));
        Assert.Empty(tiny.Events); // rounds to the same published numbers
        var bigger = Run(v1, Hub("H1", Load((2, 6, 95))));
        var updated = bigger.Events.Single();
        Assert.Equal((AlertEventKind.Updated, v1.Single().Id, 2, 6), (updated.Kind, updated.Alert.Id, updated.Alert.Version, updated.Alert.EndHour));
    }

    [Fact]
    public void Identity_follows_overlap_on_the_same_node()
    {
        var v1 = Run([], Hub("H1", Load((2, 5, 95))), Hub("H2", Load((2, 5, 95)))).InForce;
        var moved = Run(v1, Hub("H1", Load((4, 8, 95))), Hub("H2", Load((7, 9, 95))));
        var h1 = moved.InForce.Single(a => a.Node == "H1");
        Assert.Equal(v1.Single(a => a.Node == "H1").Id, h1.Id);
        var h2 = moved.InForce.Single(a => a.Node == "H2");
        Assert.NotEqual(v1.Single(a => a.Node == "H2").Id, h2.Id);
        Assert.Contains(moved.Events, e => e.Kind == AlertEventKind.Cleared && e.Alert.Node == "H2");
        Assert.Contains(moved.Events, e => e.Kind == AlertEventKind.Created && e.Alert.Node == "H2");
    }

    [Fact]
    public void Alerts_from_a_real_plan_are_deterministic()
    {
        for (int seed = 0; seed < 30; seed++)
        {
            var input = Planning.RandomInstances.Build(seed);
            var plan = PeakShavingPlanner.Plan(input);
            var a = AlertEngine.Evaluate(new AlertInput(input.HorizonHours, plan.Loads, input.Network, []));
            var b = AlertEngine.Evaluate(new AlertInput(input.HorizonHours, plan.Loads, input.Network, []));
            Assert.Equal(a.InForce, b.InForce);
            Assert.Equal(a.InForce.Count, a.Events.Count);
            var again = AlertEngine.Evaluate(new AlertInput(input.HorizonHours, plan.Loads, input.Network, a.InForce));
            Assert.Empty(again.Events);
        }
    }
}
