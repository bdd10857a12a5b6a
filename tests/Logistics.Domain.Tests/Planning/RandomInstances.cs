using Logistics.Domain.Capacity;
using Logistics.Domain.Forecasting;
using Logistics.Domain.Handling;
using Logistics.Domain.Network;
using Logistics.Domain.Planning;

namespace Logistics.Domain.Tests.Planning;

/// <summary>
/// Small random planning instances built from a seed (integer P50, so rounding is the identity). With
/// <c>bulky</c>, some rows are bulky, some hubs have a bulky line (with or without a figure) and some
/// carriers bulky truck slots; the draws for that come after all others, so a seed's parcel world is
/// the same with and without it.
/// </summary>
public static class RandomInstances
{
    public static PlanningInput Build(int seed, bool roomy = false, bool large = false, bool bulky = false)
    {
        var rnd = new Random(seed);
        int hours = large ? rnd.Next(10, 25) : rnd.Next(3, 9);
        int shipWithin = large ? rnd.Next(0, 8) : rnd.Next(0, 4);
        var regions = new[] { new Region("R1", "R1"), new Region("R2", "R2") };
        var carriers = Enumerable.Range(1, rnd.Next(1, large ? 4 : 3)).Select(i => new Carrier($"C{i}", $"C{i}")).ToArray();
        var hubs = new List<Hub>();
        foreach (var c in carriers)
            for (int k = 1; k <= rnd.Next(1, 3); k++)
                hubs.Add(new Hub($"{c.Code}H{k}", $"{c.Code}H{k}", c.Code, regions[(k - 1) % 2].Code));
        var warehouses = Enumerable.Range(1, rnd.Next(1, large ? 5 : 3)).Select(i => new Warehouse($"W{i}", $"W{i}", "R1")).ToArray();
        var lanes = new List<Lane>();
        foreach (var w in warehouses)
            foreach (var c in carriers)
            {
                if (rnd.Next(4) == 0) continue;
                var own = hubs.Where(h => h.Carrier == c.Code).ToArray();
                lanes.Add(new Lane(w.Code, own[rnd.Next(own.Length)].Code, c.Code, rnd.Next(1, 4)));
                if (own.Length > 1 && rnd.Next(4) == 0) lanes.Add(new Lane(w.Code, own.First(h => h.Code != lanes[^1].Hub).Code, c.Code, 2));
            }
        var merchants = Enumerable.Range(1, rnd.Next(1, large ? 6 : 4)).Select(i => new Merchant($"M{i}", $"M{i}")).ToArray();
        var forecast = new List<HandoverForecast>();
        foreach (var m in merchants)
            foreach (var w in warehouses)
            {
                if (rnd.Next(3) == 0) continue;
                for (int t = 0; t < hours; t++)
                {
                    if (rnd.Next(2) == 0) continue;
                    var c = carriers[rnd.Next(carriers.Length)];
                    double p50 = rnd.Next(0, 7);
                    forecast.Add(new HandoverForecast(m.Code, w.Code, c.Code, regions[rnd.Next(2)].Code, t, p50, p50 * 1.5));
                }
            }
        var caps = new List<CapacitySeries>();
        long[] Series() => Enumerable.Range(0, hours).Select(_ => (long)(roomy ? rnd.Next(20, 40) : rnd.Next(0, 8))).ToArray();
        foreach (var w in warehouses)
        {
            if (rnd.Next(3) > 0) caps.Add(new CapacitySeries(w.Code, CapacityKind.Outbound, null, Series()));
            foreach (var c in carriers)
                if (rnd.Next(3) > 0) caps.Add(new CapacitySeries(w.Code, CapacityKind.Pickup, c.Code, Series()));
        }
        foreach (var h in hubs)
            if (rnd.Next(3) > 0) caps.Add(new CapacitySeries(h.Code, CapacityKind.Sort, null, Series()));
        if (bulky)
        {
            var b = new Random(seed ^ 0x5eed);
            for (var i = 0; i < forecast.Count; i++)
                if (b.Next(3) == 0) forecast[i] = forecast[i] with { Handling = HandlingClass.Bulky };
            foreach (var h in hubs)
            {
                var line = b.Next(3);
                // 0: no bulky line at all; 1: a tight line; 2: an ample one.
                if (line == 0) continue;
                var parcels = Enumerable.Range(0, hours).Select(_ => (long)(line == 2 ? 1_000 : roomy ? b.Next(10, 30) : b.Next(0, 6))).ToArray();
                caps.Add(new CapacitySeries(h.Code, CapacityKind.BulkySort, null, parcels));
            }
            foreach (var w in warehouses)
                foreach (var c in carriers)
                    if (b.Next(2) == 0)
                        caps.Add(new CapacitySeries(w.Code, CapacityKind.BulkyPickup, c.Code,
                            Enumerable.Range(0, hours).Select(_ => (long)(roomy ? b.Next(10, 30) : b.Next(0, 5))).ToArray()));
        }
        var network = new NetworkModel(carriers, hubs, warehouses, regions, merchants, lanes,
            merchants.SelectMany(m => warehouses.Select(w => new MerchantWarehouse(m.Code, w.Code))).ToArray());
        return new PlanningInput(hours, network, forecast, caps, shipWithin,
            new PlannerSettings(PickupLagHours: rnd.Next(0, 2)));
    }
}
