using CsCheck;
using Logistics.Domain.Forecasting;
using Logistics.Domain.Network;
using Logistics.Domain.Planning;

namespace Logistics.Domain.Tests.Planning;

/// <summary>The plan's line-hauls into each destination hub: what the region status shows behind a receiving hub.</summary>
public class LaneLoadTests
{
    [Fact]
    public void Each_origin_hub_is_a_lane_into_the_receiving_hub_arriving_after_its_transit()
    {
        // C1 picks up at W1 for its hub H1 and at W2 for H2 (both in R1); parcels for R2 all go to C1's hub there, H9.
        var network = new NetworkModel([new Carrier("C1", "C1")],
            [new Hub("H1", "H1", "C1", "R1"), new Hub("H2", "H2", "C1", "R1"), new Hub("H9", "H9", "C1", "R2")],
            [new Warehouse("W1", "W1", "R1"), new Warehouse("W2", "W2", "R1")], [new Region("R1", "R1"), new Region("R2", "R2")], [],
            [new Lane("W1", "H1", "C1", TransitHours: 2), new Lane("W2", "H2", "C1", TransitHours: 4)], []);
        HandoverForecast[] forecast = [new("A", "W1", "C1", "R2", 0, 10, 20), new("B", "W2", "C1", "R2", 1, 6, 9), new("B", "W2", "C1", "R1", 1, 3, 3)];
        var plan = PeakShavingPlanner.Plan(new PlanningInput(8, network, forecast, []));

        Assert.Equal([("H1", "H9"), ("H2", "H9")], plan.Lanes.Where(l => l.Destination == "H9").Select(l => (l.Origin, l.Destination)));
        var (fromH1, fromH2) = (plan.Lanes.Single(l => l.Origin == "H1"), plan.Lanes.Single(l => l.Origin == "H2" && l.Destination == "H9"));
        Assert.Equal(10, fromH1.Planned[3]);                            // handed over at 0, picked up 1 h later, 2 h on the road
        Assert.Equal((10.0, 20.0), (fromH1.UnshavedP50[3], fromH1.UnshavedP90[3]));
        Assert.Equal(6, fromH2.Planned[6]);
        Assert.Equal(10, fromH1.Planned.Sum());
        Assert.Equal(6, fromH2.Planned.Sum());
        // Parcels for R1 are received at C1's first hub there by code, H1: H2 → H1 is a lane of its own.
        Assert.Equal(3, plan.Lanes.Single(l => l.Origin == "H2" && l.Destination == "H1").Planned[6]);
    }

    [Fact]
    public void A_receiving_hubs_load_is_the_sum_of_its_lanes_hour_by_hour()
    {
        Gen.Int[0, 1_000_000].Sample(seed =>
        {
            var plan = PeakShavingPlanner.Plan(RandomInstances.Build(seed, roomy: seed % 2 == 0));
            var byHub = plan.Lanes.GroupBy(l => (l.Carrier, l.Destination)).ToDictionary(g => g.Key, g => g.ToList());
            var destinations = plan.Loads.Where(l => l.Kind == LoadNodeKind.DestinationSort).ToList();
            Assert.Equal(destinations.Select(d => (d.Carrier!, d.Node)).Order(), byHub.Keys.Order());
            foreach (var d in destinations)
            {
                var lanes = byHub[(d.Carrier!, d.Node)];
                for (var t = 0; t < d.Planned.Length; t++)
                {
                    Assert.Equal(d.Planned[t], lanes.Sum(l => l.Planned[t]), 9);
                    Assert.Equal(d.UnshavedP50[t], lanes.Sum(l => l.UnshavedP50[t]), 9);
                    Assert.Equal(d.UnshavedP90[t], lanes.Sum(l => l.UnshavedP90[t]), 9);
                }
            }
        }, iter: 300, threads: 1);
    }
}
