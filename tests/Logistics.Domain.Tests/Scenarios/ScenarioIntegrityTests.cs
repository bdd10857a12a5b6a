using Logistics.Domain.Capacity;
using Logistics.Scenarios;

namespace Logistics.Domain.Tests.Scenarios;

public sealed class ScenarioIntegrityTests(SmallScenario fixture) : IClassFixture<SmallScenario>
{
    private readonly Scenario _s = fixture.Scenario;

    [Fact]
    public void Small_scale_has_the_promised_sizes()
    {
        var n = _s.Network;
        Assert.Equal(200, n.Merchants.Count);
        Assert.Equal(20, n.Warehouses.Count);
        Assert.Equal(3, n.Carriers.Count);
        Assert.Equal(18, n.Hubs.Count);
        Assert.Equal(8, n.Regions.Count);
        Assert.Equal(["D11-2024", "D11-2025", "D11-2026"], _s.Campaigns.Select(c => c.Code));
        Assert.All(_s.Campaigns, c =>
        {
            Assert.Equal("Asia/Shanghai", c.TimeZone);
            Assert.Equal(14, c.HorizonEnd.DayNumber - c.HorizonStart.DayNumber + 1);
            Assert.Equal([new DateOnly(c.HorizonStart.Year, 11, 1), new DateOnly(c.HorizonStart.Year, 11, 11)], c.SaleDays);
        });
    }

    [Fact]
    public void Codes_are_unique_and_references_resolve()
    {
        var n = _s.Network;
        var carriers = n.Carriers.Select(c => c.Code).ToHashSet();
        var regions = n.Regions.Select(r => r.Code).ToHashSet();
        var hubs = n.Hubs.ToDictionary(h => h.Code);
        var warehouses = n.Warehouses.ToDictionary(w => w.Code);
        var merchants = n.Merchants.Select(m => m.Code).ToHashSet();
        Assert.Equal(n.Carriers.Count, carriers.Count);
        Assert.Equal(n.Merchants.Count, merchants.Count);
        Assert.All(n.Hubs, h => { Assert.Contains(h.Carrier, carriers); Assert.Contains(h.Region, regions); });
        Assert.All(n.Warehouses, w => Assert.Contains(w.Region, regions));
        Assert.All(n.Lanes, l =>
        {
            Assert.True(warehouses.ContainsKey(l.Warehouse));
            Assert.Equal(l.Carrier, hubs[l.Hub].Carrier); // every lane's hub belongs to its carrier
            Assert.InRange(l.TransitHours, 1, 96);
        });
        Assert.Equal(n.Lanes.Count, n.Lanes.Select(l => (l.Warehouse, l.Carrier)).Distinct().Count());
        Assert.All(n.MerchantWarehouses, mw => { Assert.Contains(mw.Merchant, merchants); Assert.True(warehouses.ContainsKey(mw.Warehouse)); });
        Assert.Equal(n.MerchantWarehouses.Count, n.MerchantWarehouses.Distinct().Count());
        Assert.Equal(merchants, n.MerchantWarehouses.Select(mw => mw.Merchant).ToHashSet()); // every merchant ships from somewhere
    }

    [Fact]
    public void Signals_use_the_merchants_own_warehouses_and_known_codes()
    {
        var n = _s.Network;
        var mw = n.MerchantWarehouses.Select(x => (x.Merchant, x.Warehouse)).ToHashSet();
        var regions = n.Regions.Select(r => r.Code).ToHashSet();
        var categories = _s.Categories.ToHashSet();
        foreach (var c in _s.Campaigns)
        {
            var days = _s.PresaleDays(c).ToHashSet();
            var rows = _s.Signals(c).ToList();
            Assert.NotEmpty(rows);
            Assert.All(rows, r =>
            {
                Assert.Equal(c.Code, r.Campaign);
                Assert.Contains((r.Merchant, r.Warehouse), mw);
                Assert.Contains(r.Region, regions);
                Assert.Contains(r.Category, categories);
                Assert.Contains(r.Date, days);
                Assert.True(r.Date < c.HorizonStart);
            });
            Assert.Equal(rows.Count, rows.Select(r => (r.Merchant, r.Warehouse, r.Region, r.Category, r.Date)).Distinct().Count());
        }
    }

    [Fact]
    public void Current_signals_stop_at_the_as_of_date_and_the_complete_ones_do_not()
    {
        var visible = _s.Signals(_s.Current).ToList();
        Assert.All(visible, r => Assert.True(r.Date <= _s.AsOf));
        Assert.Contains(_s.CompleteSignals(_s.Current), r => r.Date > _s.AsOf);
        // The visible rows are a prefix of the complete ones: as-of hides, it does not change.
        var complete = _s.CompleteSignals(_s.Current).Where(r => r.Date <= _s.AsOf).ToList();
        Assert.Equal(complete, visible);
    }

    [Fact]
    public void Outcomes_use_a_lane_of_their_warehouse_and_stay_in_the_horizon()
    {
        var n = _s.Network;
        var lanes = n.Lanes.Select(l => (l.Warehouse, l.Carrier)).ToHashSet();
        var mw = n.MerchantWarehouses.Select(x => (x.Merchant, x.Warehouse)).ToHashSet();
        foreach (var c in _s.Campaigns)
        {
            var rows = (c == _s.Current ? _s.TrueOutcomes() : _s.Outcomes(c)).ToList();
            Assert.NotEmpty(rows);
            Assert.All(rows, r =>
            {
                Assert.Equal(c.Code, r.Campaign);
                Assert.Contains((r.Warehouse, r.Carrier), lanes);
                Assert.Contains((r.Merchant, r.Warehouse), mw);
                Assert.InRange(r.Date, c.HorizonStart, c.HorizonEnd);
                Assert.InRange(r.Hour, CapacityPlanDockOpens, 23);
                Assert.True(r.Parcels > 0);
            });
        }
        Assert.Throws<ArgumentException>(() => _s.Outcomes(_s.Current));
    }

    [Fact]
    public void Campaigns_are_found_by_code()
    {
        Assert.Equal(_s.Signals(_s.Campaigns[1]).Take(50), _s.Signals(ScenarioGenerator.MakeCampaign(2025)).Take(50));
        Assert.Throws<ArgumentException>(() => _s.Signals(ScenarioGenerator.MakeCampaign(2020)).First());
    }

    private const int CapacityPlanDockOpens = 6;

    [Fact]
    public void Some_merchants_are_cold_starts_with_no_history()
    {
        var current = _s.Signals(_s.Current).Select(r => r.Merchant).ToHashSet();
        var before = _s.Outcomes().Select(r => r.Merchant).ToHashSet();
        var oldest = _s.Signals(_s.Campaigns[0]).Select(r => r.Merchant).ToHashSet();
        Assert.Equal(_s.Network.Merchants.Count, current.Count); // everyone is open now
        Assert.InRange(current.Count(m => !before.Contains(m)), 1, 30);
        Assert.True(oldest.Count < _s.Network.Merchants.Count);
    }

    [Fact]
    public void Capacity_covers_every_node_and_hour_of_the_current_horizon()
    {
        var n = _s.Network;
        var rows = _s.Capacity().ToList();
        var hours = _s.Current.HorizonHours;
        Assert.Equal(336, hours);
        Assert.Equal((n.Hubs.Count + n.Warehouses.Count + n.Lanes.Count) * hours, rows.Count);
        var hubs = n.Hubs.ToDictionary(h => h.Code);
        Assert.All(rows.Where(r => r.Kind == CapacityKind.Sort), r => Assert.Equal(hubs[r.Node].Carrier, r.Carrier));
        var lanes = n.Lanes.Select(l => (l.Warehouse, l.Carrier)).ToHashSet();
        Assert.All(rows.Where(r => r.Kind == CapacityKind.Pickup), r => Assert.Contains((r.Node, r.Carrier!), lanes));
        Assert.All(rows.Where(r => r.Kind == CapacityKind.Outbound), r => Assert.Null(r.Carrier));
        Assert.All(rows, r => Assert.InRange(r.HourUtc, _s.Current.HorizonStartUtc, _s.Current.HorizonEndUtc.AddHours(-1)));
    }
}
