using Logistics.Domain.Forecasting;
using Logistics.Domain.Network;

namespace Logistics.Domain.Tests.Forecasting;

public sealed class HubLoadTests
{
    [Fact]
    public void Routes_handovers_to_the_origin_hub_now_and_the_region_hub_after_transit()
    {
        var network = NetworkModel.Empty with
        {
            Hubs = [new Hub("H1", "h1", "CA", "R1"), new Hub("H2", "h2", "CA", "R2")],
            Lanes = [new Lane("W1", "H1", "CA", TransitHours: 10)],
        };
        HandoverForecast[] handovers =
        [
            new("M1", "W1", "CA", "R2", 5, 10, 15),
            new("M2", "W1", "CA", "R2", 5, 2, 3),
            new("M3", "W1", "CA", "R1", 100, 1, 1), // arrives after the horizon
            new("M4", "W9", "CA", "R1", 5, 4, 4),   // no lane
        ];
        var (origin, destination, unrouted) = HubLoad.Aggregate(handovers, network, horizonHours: 105);
        Assert.Equal([new HubHourLoad("H1", 5, 12, 18), new HubHourLoad("H1", 100, 1, 1)], origin);
        Assert.Equal([new HubHourLoad("H2", 15, 12, 18)], destination);
        Assert.Equal(4, unrouted);
    }
}
