using Logistics.Domain.Capacity;
using Logistics.Domain.Demand;
using Logistics.Domain.Handling;
using Logistics.Domain.Planning;
using Logistics.Scenarios;
using Logistics.Scenarios.Evaluation;

namespace Logistics.Domain.Tests.Scenarios;

/// <summary>A small world with appliance sellers, shared by the tests of the class.</summary>
public sealed class SmallApplianceScenario
{
    public Scenario Scenario { get; } = ScenarioGenerator.Generate(ScenarioSize.Small.WithAppliances(), SmallScenario.Seed);
    public List<OutcomeRow> Outcomes { get; }
    public List<HourlyCapacity> Capacity { get; }

    public SmallApplianceScenario()
    {
        Outcomes = [.. Scenario.TrueOutcomes()];
        Capacity = [.. Scenario.Capacity()];
    }
}

public sealed class ApplianceWorldTests(SmallApplianceScenario fixture) : IClassFixture<SmallApplianceScenario>
{
    private readonly Scenario _s = fixture.Scenario;

    private IReadOnlySet<string> Lines => fixture.Capacity.Where(c => c.Kind == CapacityKind.BulkySort).Select(c => c.Node).ToHashSet(StringComparer.Ordinal);

    [Fact]
    public void Appliances_are_opt_in_and_a_parcel_world_has_no_trace_of_them()
    {
        var parcels = ScenarioGenerator.Generate(ScenarioScale.Small, SmallScenario.Seed);
        Assert.False(parcels.HasAppliances);
        Assert.Null(parcels.Network.BulkyCategories);
        Assert.DoesNotContain(parcels.Capacity(), c => c.Kind is CapacityKind.BulkySort or CapacityKind.BulkyPickup);
        Assert.DoesNotContain(parcels.Outcomes(), o => o.Handling == HandlingClass.Bulky);
        Assert.Empty(parcels.TightBulkyLines);

        // The appliance world keeps the parcel world's places: same regions, carriers, hubs, warehouses and lanes.
        Assert.True(_s.HasAppliances);
        Assert.Equal(["app01", "app02"], _s.Network.BulkyCategories!);
        Assert.Equal(parcels.Network.Hubs, _s.Network.Hubs);
        Assert.Equal(parcels.Network.Lanes, _s.Network.Lanes);
    }

    [Fact]
    public void A_fifth_of_each_carriers_hubs_has_a_bulky_line_and_only_lanes_to_one_have_truck_slots()
    {
        var lines = Lines;
        foreach (var carrier in _s.Network.Carriers)
        {
            var hubs = _s.Network.Hubs.Where(h => h.Carrier == carrier.Code).ToList();
            Assert.Equal((int)Math.Round(0.2 * hubs.Count), hubs.Count(h => lines.Contains(h.Code)));
        }
        var laneHub = _s.Network.Lanes.ToDictionary(l => (l.Warehouse, l.Carrier), l => l.Hub);
        var slots = fixture.Capacity.Where(c => c.Kind == CapacityKind.BulkyPickup).Select(c => (c.Node, c.Carrier!)).ToHashSet();
        Assert.NotEmpty(slots);
        Assert.All(slots, s => Assert.Contains(laneHub[s], lines));
        Assert.Equal(laneHub.Count(l => lines.Contains(l.Value)), slots.Count);
        // Bulky lines are busy: some are sized below their expected peak, and they are lines.
        Assert.NotEmpty(_s.TightBulkyLines);
        Assert.All(_s.TightBulkyLines, h => Assert.Contains(h, lines));
    }

    [Fact]
    public void Appliance_sellers_ship_bulky_goods_only_where_a_carrier_has_a_line_and_announce_them_in_their_signals()
    {
        var routes = new ClassRoutes(_s.Network, Lines);
        var bulky = fixture.Outcomes.Where(o => o.Handling == HandlingClass.Bulky).ToList();
        Assert.NotEmpty(bulky);
        Assert.All(bulky, o => Assert.NotNull(routes.OriginLane(HandlingClass.Bulky, o.Warehouse, o.Carrier)));

        var sellers = bulky.Select(o => o.Merchant).ToHashSet(StringComparer.Ordinal);
        var announced = _s.Signals(_s.Current).Where(r => r.Category.StartsWith("app", StringComparison.Ordinal)).Select(r => r.Merchant).ToHashSet(StringComparer.Ordinal);
        Assert.Equal(announced.Order(StringComparer.Ordinal), sellers.Order(StringComparer.Ordinal));
        // About a tenth of merchants sell appliances, and appliances are a real part of the volume, not most of it.
        Assert.InRange(sellers.Count, 0.05 * _s.Network.Merchants.Count, 0.15 * _s.Network.Merchants.Count);
        var share = bulky.Sum(o => o.Parcels) / (double)fixture.Outcomes.Sum(o => o.Parcels);
        Assert.InRange(share, 0.03, 0.4);

        // A seller sends its appliances by one carrier with a line, usually not one it gives its parcels to.
        var byPair = fixture.Outcomes.Where(o => sellers.Contains(o.Merchant)).GroupBy(o => (o.Merchant, o.Warehouse)).ToList();
        Assert.All(byPair, g => Assert.Single(g.Where(o => o.Handling == HandlingClass.Bulky).Select(o => o.Carrier).Distinct()));
        var another = byPair.Count(g => !g.Where(o => o.Handling == HandlingClass.Parcel).Select(o => o.Carrier)
            .Contains(g.First(o => o.Handling == HandlingClass.Bulky).Carrier));
        Assert.True(another > byPair.Count / 2, $"{another} of {byPair.Count}");
    }

    [Fact]
    public void Appliance_sellers_hand_bulky_goods_over_about_half_a_day_later_than_their_parcels()
    {
        // The model's lags themselves: the outcomes mix the lag with the sale days' heavier share of appliances.
        var world = ScenarioWorld.Build(ScenarioSize.Small.WithAppliances(), SmallScenario.Seed);
        static double Mean(double[] lag) => lag.Select((share, day) => share * day).Sum();
        var later = new List<double>();
        for (var m = 0; m < world.Size.Merchants; m++)
            foreach (var habit in world.Profile(m).Warehouses)
            {
                Assert.Equal(world.SellsAppliances(m), habit.BulkyLagShares is not null);
                if (habit.BulkyLagShares is { } bulky) later.Add(Mean(bulky) - Mean(habit.LagShares));
            }
        Assert.NotEmpty(later);
        Assert.InRange(later.Average(), 0.3, 0.8);
    }

    [Fact]
    public void The_upload_files_class_the_appliance_categories_and_the_bulky_outcomes()
    {
        var network = new StringWriter();
        ScenarioCsv.WriteNetwork(network, _s);
        var lines = network.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(ScenarioCsv.NetworkHeader + ",handling", lines[0]);
        Assert.Equal(["category,app01,Large appliances (app01),,,bulky", "category,app02,Large appliances (app02),,,bulky"], lines[^2..]);
        Assert.All(lines, l => Assert.Equal(5, l.Count(c => c == ',')));

        var outcomes = new StringWriter();
        ScenarioCsv.WriteOutcomes(outcomes, _s);
        var rows = outcomes.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(ScenarioCsv.OutcomesHeader + ",handling", rows[0]);
        Assert.Contains(rows, r => r.EndsWith(",bulky", StringComparison.Ordinal));
        Assert.Equal(_s.Outcomes().Count(o => o.Handling == HandlingClass.Bulky), rows.Count(r => r.EndsWith(",bulky", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_replay_of_an_appliance_world_scores_each_class_in_a_row_of_its_own()
    {
        var report = Replay.Run(ScenarioScale.Small, 3, appliances: true);
        Assert.NotNull(report.Classes);
        Assert.Equal(["parcel", "bulky"], report.Classes!.Select(c => c.Handling));
        var (parcel, bulky) = (report.Classes[0].Figures, report.Classes[1].Figures);
        // The classes partition the nodes, the alerts and the parcels.
        Assert.Equal(report.Overall.OverloadedHours, parcel.OverloadedHours + bulky.OverloadedHours);
        Assert.Equal(report.Overall.BlockedAlerts, parcel.BlockedAlerts + bulky.BlockedAlerts);
        Assert.Equal(report.Overall.OverloadParcelHoursIgnoring, parcel.OverloadParcelHoursIgnoring + bulky.OverloadParcelHoursIgnoring, 0.51 * 2);
        Assert.Equal(0, parcel.Contradictions);
        Assert.Equal(0, bulky.Contradictions);
        // Bulky lines overload, are warned of, and following the bulky windows takes most of their queue away
        // (the alerts issue's goal: a cut of 80 %; a tight line's horizon fits its days, so windows can help).
        Assert.True(bulky.OverloadedHours > 0);
        Assert.True(bulky.BlockedAlerts > 0);
        Assert.True(bulky.BlockedRecall > 0.5, $"{bulky.BlockedRecall}");
        Assert.True(bulky.OverloadReduction >= 0.8, $"{bulky.OverloadReduction}");
        Assert.True(bulky.LateShareFollowing < 0.05, $"{bulky.LateShareFollowing}");

        // A parcel world's report has no class rows.
        Assert.Null(Replay.Run(ScenarioScale.Small, 3).Classes);
    }
}
