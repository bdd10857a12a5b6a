using Logistics.Domain.Alerts;
using Logistics.Domain.Handling;
using Logistics.Domain.Planning;
using Logistics.Server.Cli;

namespace Logistics.Server.Tests.Cli;

public sealed class DemoSummaryTests
{
    [Fact]
    public void The_showcase_merchant_is_one_whose_windows_reach_a_blocked_node_of_their_own_class()
    {
        // M1 delays more, but only M2's bulky goods go to H2's full bulky line; M1's parcels to H2 use its sorter.
        ShipmentWindow[] windows =
        [
            new("M1", "W1", "C1", "H2", 10, 12, 40),
            new("M2", "W1", "C1", "H2", 10, 12, 8, HandlingClass.Bulky),
        ];
        MerchantPlanStats[] merchants = [new("M1", 40, 40, 0, 40, 400, 10, 0), new("M2", 8, 8, 0, 0, 0, 0, 0)];
        var plan = new PlanResult([], windows, merchants, [], 0, 48, 0, 0, []);
        Alert Blocked(LoadNodeKind kind) => new("a", 1, AlertLevel.Blocked, kind, "H2", "C1", 10, 12, 50, 60, 6, 8.3);

        Assert.Equal("M2", DemoSummary.ShowcaseMerchant(plan, [Blocked(LoadNodeKind.BulkyOriginSort)]));
        Assert.Equal("M1", DemoSummary.ShowcaseMerchant(plan, [Blocked(LoadNodeKind.OriginSort)]));
        // No blocked node: the merchant with the most delayed parcels.
        Assert.Equal("M1", DemoSummary.ShowcaseMerchant(plan, []));
        // The appliance seller shown beside it has bulky windows, though M1 delays more; a plan without any shows none.
        Assert.Equal("M2", DemoSummary.ShowcaseMerchant(plan, [], HandlingClass.Bulky));
        Assert.Null(DemoSummary.ShowcaseMerchant(plan with { Windows = windows[..1] }, [], HandlingClass.Bulky));
    }
}
