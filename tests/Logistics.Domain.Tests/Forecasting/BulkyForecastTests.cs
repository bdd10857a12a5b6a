using Logistics.Domain.Forecasting;
using Logistics.Domain.Handling;

namespace Logistics.Domain.Tests.Forecasting;

/// <summary>The forecast splits each unit's volume into handling classes from its categories and its past outcomes.</summary>
public sealed class BulkyForecastTests
{
    private static readonly TinyScenario World = TinyScenario.Build();
    // In the tiny world merchant i sells category i % 3 only: CAT2's merchants are the appliance sellers.
    private static bool Appliances(string merchant) => merchant.StartsWith('M') && int.Parse(merchant[1..]) % 3 == 2;

    private static Dictionary<(string, string, HandlingClass), double> P50ByPair(SignalForecast f) =>
        f.Handovers.GroupBy(h => (h.Merchant, h.Warehouse, h.Handling)).ToDictionary(g => g.Key, g => g.Sum(h => h.P50));

    [Fact]
    public void Without_bulky_categories_every_row_is_a_parcel_and_naming_an_unused_one_changes_nothing()
    {
        var plain = SignalForecaster.Forecast(World.Input());
        Assert.All(plain.Handovers, h => Assert.Equal(HandlingClass.Parcel, h.Handling));
        var input = World.Input();
        var unused = SignalForecaster.Forecast(input with { Network = input.Network! with { BulkyCategories = ["FRIDGES"] } });
        Assert.Equal(plain.Handovers, unused.Handovers);
    }

    [Fact]
    public void The_signal_driven_part_of_bulky_categories_is_bulky_and_the_rest_follows_past_outcomes()
    {
        var input = World.Input();
        var plain = SignalForecaster.Forecast(input);
        var bulkyNetwork = input.Network! with { BulkyCategories = ["CAT2"] };

        // Past outcomes all parcels: only the signal-driven part of CAT2's units is bulky.
        var split = SignalForecaster.Forecast(input with { Network = bulkyNetwork });
        var byPair = P50ByPair(split);
        var signalPart = split.Days.GroupBy(d => (d.Merchant, d.Warehouse)).ToDictionary(g => g.Key, g => g.Sum(d => d.SignalP50));
        Assert.Contains(byPair.Keys, k => k.Item3 == HandlingClass.Bulky);
        foreach (var ((m, w, c), p50) in byPair)
            if (c == HandlingClass.Bulky)
            {
                Assert.True(Appliances(m), $"{m} sells no bulky category");
                Assert.Equal(signalPart[(m, w)], p50, 6);   // hours outside the horizon aside, as the split is per day
            }
        // Nothing is lost or made: per pair, the classes sum to the unsplit forecast.
        foreach (var ((m, w, _), total) in P50ByPair(plain))
            Assert.Equal(total, byPair.GetValueOrDefault((m, w, HandlingClass.Parcel)) + byPair.GetValueOrDefault((m, w, HandlingClass.Bulky)), 6);

        // Past outcomes of the appliance sellers bulky: all of their volume is.
        var past = World.Past.Select(p => p with { Outcomes = [.. p.Outcomes.Select(o => Appliances(o.Merchant) ? o with { Handling = HandlingClass.Bulky } : o)] }).ToList();
        var all = P50ByPair(SignalForecaster.Forecast(input with { Network = bulkyNetwork, Past = past }));
        foreach (var ((m, w, c), p50) in all)
            Assert.True((c == HandlingClass.Bulky) == Appliances(m), $"{m} at {w}: {p50} {c}");
        foreach (var ((m, w, _), total) in P50ByPair(plain))
            Assert.Equal(total, all.GetValueOrDefault((m, w, HandlingClass.Parcel)) + all.GetValueOrDefault((m, w, HandlingClass.Bulky)), 6);
    }

    [Fact]
    public void Bulky_goods_go_by_the_carriers_that_took_them_in_the_past_and_parcels_by_their_own()
    {
        // The appliance sellers' past bulky goods went by a carrier of their own (CX: the tiny world's parcels go by CA and CB).
        var input = World.Input();
        var past = World.Past.Select(p => p with
        {
            Outcomes = [.. p.Outcomes, .. p.Outcomes.Where(o => Appliances(o.Merchant)).Select(o => o with { Carrier = "CX", Handling = HandlingClass.Bulky })],
        }).ToList();
        var forecast = SignalForecaster.Forecast(input with { Network = input.Network! with { BulkyCategories = ["CAT2"] }, Past = past });
        var bulky = forecast.Handovers.Where(h => h.Handling == HandlingClass.Bulky).ToList();
        Assert.NotEmpty(bulky);
        Assert.All(bulky, h => Assert.Equal("CX", h.Carrier));
        var bad = forecast.Handovers.Where(h => h.Handling == HandlingClass.Parcel && h.Carrier == "CX").Select(h => $"{h.Merchant}/{h.Warehouse}").Distinct().ToList();
        Assert.True(bad.Count == 0, string.Join(",", bad));
    }
}
