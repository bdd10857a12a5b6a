using Logistics.Domain.Capacity;
using Logistics.Scenarios;

namespace Logistics.Domain.Tests.Scenarios;

public sealed class ScenarioShapeTests(SmallScenario fixture) : IClassFixture<SmallScenario>
{
    private readonly Scenario _s = fixture.Scenario;

    private Dictionary<DateOnly, long> OrdersByDay(Logistics.Domain.Campaigns.Campaign c) =>
        _s.TrueOrders(c).GroupBy(o => o.Date).ToDictionary(g => g.Key, g => g.Sum(o => o.Orders));

    [Fact]
    public void The_two_sale_days_are_the_peaks_in_the_real_ratio_band()
    {
        foreach (var c in _s.Campaigns)
        {
            var y = c.HorizonStart.Year;
            var days = OrdersByDay(c);
            var d1111 = days[new DateOnly(y, 11, 11)];
            var d1101 = days[new DateOnly(y, 11, 1)];
            Assert.Equal(d1111, days.Values.Max());
            Assert.True(d1101 > days.Where(d => d.Key.Day is > 1 and < 11).Max(d => d.Value), $"{c.Code}: 11.01 is not a local peak");
            // Data: against the quietest horizon day (Nov 7, lift 1.28) 11.11 is ≈3.05× and 11.01 ≈2.5×.
            var quiet = (double)days[new DateOnly(y, 11, 7)];
            Assert.InRange(d1111 / quiet, 2.3, 4.0);
            Assert.InRange(d1101 / quiet, 1.8, 3.4);
        }
    }

    [Fact]
    public void Most_handovers_happen_the_next_day_in_the_afternoon()
    {
        var rows = _s.TrueOutcomes().ToList();
        var total = (double)rows.Sum(r => r.Parcels);
        Assert.InRange(rows.Where(r => r.Hour is >= 12 and <= 19).Sum(r => r.Parcels) / total, 0.55, 0.9);
        Assert.Equal(0, rows.Where(r => r.Hour < 6).Sum(r => r.Parcels));
    }

    [Fact]
    public void A_few_nodes_get_more_than_a_days_capacity_on_the_peak_days_and_most_never_do()
    {
        // As on a real sale day: the tightest warehouses get more parcels on a peak day than their docks
        // hand over in a day (so the wave must be staggered across days), most warehouses never do, and
        // an ordinary day fits everywhere.
        var c = _s.Current;
        var y = c.HorizonStart.Year;
        var daily = _s.Capacity().Where(r => r.Kind == CapacityKind.Outbound)
            .GroupBy(r => (r.Node, (int)(r.HourUtc - c.HorizonStartUtc).TotalHours / 24)).ToDictionary(g => g.Key, g => g.Sum(r => r.Parcels));
        var load = _s.TrueOutcomes()
            .GroupBy(r => (r.Warehouse, r.Date.DayNumber - c.HorizonStart.DayNumber))
            .ToDictionary(g => g.Key, g => g.Sum(r => r.Parcels));
        var over = load.Where(kv => kv.Value > daily[kv.Key]).Select(kv => (Node: kv.Key.Item1, Day: c.HorizonStart.AddDays(kv.Key.Item2), Ratio: kv.Value / (double)daily[kv.Key])).ToList();
        var peakDays = new[] { 2, 3, 4, 12, 13, 14 }.Select(d => new DateOnly(y, 11, d)).ToHashSet();

        Assert.Contains(over, o => peakDays.Contains(o.Day));
        Assert.InRange(over.Select(o => o.Node).Distinct().Count(), 1, _s.Network.Warehouses.Count / 4);
        Assert.DoesNotContain(over, o => o.Day == new DateOnly(y, 11, 7));
        Assert.All(over, o => Assert.InRange(o.Ratio, 1.0, 2.5));
        Assert.NotEmpty(_s.TightNodes);
    }

    [Fact]
    public void Signals_explain_sale_orders_better_than_last_years_orders()
    {
        // Per merchant: sale-driven orders now vs (a) the Taobao-rate reading of its complete signals and
        // (b) its orders last year. Both are scaled to the right total, so only the shape across merchants counts.
        var now = _s.Current;
        var last = _s.PastCampaigns[^1];
        var actual = _s.TrueOrders(now).GroupBy(o => o.Merchant).ToDictionary(g => g.Key, g => (double)g.Sum(o => o.Orders));
        var history = _s.TrueOrders(last).GroupBy(o => o.Merchant).ToDictionary(g => g.Key, g => (double)g.Sum(o => o.Orders));
        var signals = _s.CompleteSignals(now).GroupBy(r => r.Merchant).ToDictionary(g => g.Key, g => g.Sum(r =>
            ScenarioConstants.CartToBuy * r.Carts!.Value + ScenarioConstants.FavoriteToBuy * r.Favorites!.Value
            + ScenarioConstants.DepositToBuy * r.Deposits!.Value + ScenarioConstants.PresaleToBuy * r.PresaleOrders!.Value));

        double Wape(Func<string, double> f)
        {
            var scale = actual.Values.Sum() / actual.Keys.Sum(f);
            return actual.Sum(kv => Math.Abs(f(kv.Key) * scale - kv.Value)) / actual.Values.Sum();
        }
        var fromHistory = Wape(m => history.GetValueOrDefault(m));
        // Signals carry the sale-driven part; last year's level still carries the ordinary part.
        var fromSignals = Wape(m => signals.GetValueOrDefault(m) + 0.4 * history.GetValueOrDefault(m));
        Assert.True(fromSignals < 0.8 * fromHistory, $"signals {fromSignals:F3} vs history {fromHistory:F3}");
    }
}
