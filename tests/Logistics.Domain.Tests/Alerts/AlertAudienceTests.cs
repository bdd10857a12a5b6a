using Logistics.Domain.Alerts;
using Logistics.Domain.Forecasting;
using Logistics.Domain.Network;
using Logistics.Domain.Planning;

namespace Logistics.Domain.Tests.Alerts;

public class AlertAudienceTests
{
    [Fact]
    public void Merchants_are_concerned_by_the_nodes_their_flow_touches()
    {
        var network = new NetworkModel([new Carrier("C1", "C1")],
            [new Hub("H1", "H1", "C1", "R1"), new Hub("H2", "H2", "C1", "R2")],
            [new Warehouse("W1", "W1", "R1"), new Warehouse("W2", "W2", "R1")], [], [],
            [new Lane("W1", "H1", "C1"), new Lane("W2", "H1", "C1")], []);
        HandoverForecast[] forecast = [new("A", "W1", "C1", "R2", 0, 5, 6), new("B", "W2", "C1", "R1", 0, 5, 6)];
        var plan = PeakShavingPlanner.Plan(new PlanningInput(4, network, forecast, []));
        var audience = AlertAudience.Build(plan, forecast, network);
        string[] Of(LoadNodeKind k, string node) => audience.Single(a => a.Kind == k && a.Node == node).Merchants.ToArray();
        Assert.Equal(["A", "B"], Of(LoadNodeKind.OriginSort, "H1"));
        Assert.Equal(["A"], Of(LoadNodeKind.Outbound, "W1"));
        Assert.Equal(["A"], Of(LoadNodeKind.DestinationSort, "H2"));
        Assert.Equal(["B"], Of(LoadNodeKind.DestinationSort, "H1"));
    }
}
