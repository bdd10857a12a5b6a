using System.Text.Json;
using CsCheck;
using Logistics.Domain.Forecasting;
using Logistics.Domain.Planning;

namespace Logistics.Domain.Tests.Planning;

public class HandoverDemandTests
{
    [Fact]
    public void Streaming_pairs_in_any_inner_order_plans_exactly_like_the_materialised_forecast()
    {
        Gen.Int[0, 1_000_000].Sample(seed =>
        {
            var input = RandomInstances.Build(seed);
            var rnd = new Random(seed);
            // As the forecast streams: each merchant-warehouse's rows together, in no particular order inside.
            var builder = new HandoverDemandBuilder(input.HorizonHours, input.Network, input.EffectiveSettings.PickupLagHours);
            foreach (var pair in input.Forecast.GroupBy(f => (f.Merchant, f.Warehouse)).OrderBy(_ => rnd.Next()))
                foreach (var row in pair.OrderBy(_ => rnd.Next())) builder.Add(row);
            var streamed = PeakShavingPlanner.Plan(builder.Build(), input.Network, input.Capacities, input.ShipWithinHours, input.Settings);
            Assert.Equal(JsonSerializer.Serialize(PeakShavingPlanner.Plan(input)), JsonSerializer.Serialize(streamed));
        }, iter: 100, threads: 1);
    }

    [Fact]
    public void A_pair_whose_rows_come_apart_is_refused()
    {
        var input = RandomInstances.Build(1);
        var builder = new HandoverDemandBuilder(4, input.Network, 1);
        builder.Add(new HandoverForecast("A", "W", "C", "R", 0, 1, 1));
        builder.Add(new HandoverForecast("B", "W", "C", "R", 0, 1, 1));
        builder.Add(new HandoverForecast("A", "W", "C", "R", 1, 1, 1));
        Assert.Throws<ArgumentException>(() => builder.Build());
    }

    [Fact]
    public void The_planner_refuses_a_demand_summed_with_another_pickup_lag()
    {
        var input = RandomInstances.Build(2);
        var demand = new HandoverDemandBuilder(input.HorizonHours, input.Network, 3).Build();
        Assert.Throws<ArgumentException>(() => PeakShavingPlanner.Plan(demand, input.Network, input.Capacities, input.ShipWithinHours, new PlannerSettings(PickupLagHours: 1)));
    }
}
