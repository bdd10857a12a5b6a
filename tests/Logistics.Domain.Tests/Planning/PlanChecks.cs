using Logistics.Domain.Capacity;
using Logistics.Domain.Planning;

namespace Logistics.Domain.Tests.Planning;

/// <summary>Checks of a plan against its input, recomputed from the published handovers only.</summary>
public static class PlanChecks
{
    public static void CapacityRespected(PlanningInput input, PlanResult plan)
    {
        int lag = input.EffectiveSettings.PickupLagHours;
        foreach (var c in input.Capacities)
            for (int h = 0; h < input.HorizonHours; h++)
            {
                long used = c.Kind switch
                {
                    CapacityKind.Outbound => plan.Handovers.Where(x => x.Warehouse == c.Node && x.Hour == h).Sum(x => x.Parcels),
                    CapacityKind.Pickup => plan.Handovers.Where(x => x.Warehouse == c.Node && x.Carrier == c.Carrier && x.Hour == h).Sum(x => x.Parcels),
                    _ => plan.Handovers.Where(x => x.Hub == c.Node && x.Hour + lag == h).Sum(x => x.Parcels),
                };
                Assert.True(used <= c.Parcels[h], $"{c.Kind} {c.Node} {c.Carrier} hour {h}: {used} > {c.Parcels[h]}");
            }
    }

    /// <summary>Per merchant and warehouse, cumulative handovers never run ahead of cumulative releases.</summary>
    public static void NeverBeforeRelease(PlanningInput input, PlanResult plan)
    {
        foreach (var g in input.Forecast.GroupBy(f => (f.Merchant, f.Warehouse)))
        {
            long released = 0, handed = 0;
            for (int h = 0; h < input.HorizonHours; h++)
            {
                released += g.Where(f => f.Hour == h).Sum(f => (long)f.P50);
                handed += plan.Handovers.Where(x => x.Merchant == g.Key.Merchant && x.Warehouse == g.Key.Warehouse && x.Hour == h).Sum(x => x.Parcels);
                Assert.True(handed <= released, $"{g.Key} hour {h}: handed {handed} > released {released}");
            }
        }
        Assert.All(plan.Handovers, x => Assert.Contains(input.Network.Lanes, l => l.Warehouse == x.Warehouse && l.Hub == x.Hub && l.Carrier == x.Carrier));
    }

    /// <summary>The statement's cost of the published plan: FIFO per warehouse, switching per (w, c, h), spill.</summary>
    public static long CostOf(PlanningInput input, PlanResult plan)
    {
        int H = input.HorizonHours, S = input.ShipWithinHours;
        var st = input.EffectiveSettings;
        long cost = 0;
        foreach (var w in input.Forecast.Select(f => f.Warehouse).Distinct())
        {
            var queue = new Queue<(int Release, long Count)>();
            for (int h = 0; h < H; h++)
            {
                long rel = input.Forecast.Where(f => f.Warehouse == w && f.Hour == h).Sum(f => (long)f.P50);
                if (rel > 0) queue.Enqueue((h, rel));
                long need = plan.Handovers.Where(x => x.Warehouse == w && x.Hour == h).Sum(x => x.Parcels);
                while (need > 0)
                {
                    var (r, n) = queue.Dequeue();
                    long take = Math.Min(n, need);
                    cost += take * (st.DelayCost * (h - r) + st.LateCost * Math.Max(0, h - r - S));
                    need -= take;
                    if (take < n) queue = new Queue<(int, long)>(new[] { (r, n - take) }.Concat(queue));
                }
                foreach (var carrier in input.Network.Lanes.Where(l => l.Warehouse == w).Select(l => l.Carrier).Distinct())
                {
                    long habit = input.Forecast.Where(f => f.Warehouse == w && f.Hour == h && f.Carrier == carrier).Sum(f => (long)f.P50);
                    long handed = plan.Handovers.Where(x => x.Warehouse == w && x.Hour == h && x.Carrier == carrier).Sum(x => x.Parcels);
                    cost += st.SwitchCost * Math.Max(0, handed - habit);
                }
            }
            foreach (var (r, n) in queue)
            {
                int wait = H - 1 - r;
                cost += n * (st.DelayCost * wait + st.LateCost * Math.Max(0, wait - S) + st.SpillCost(H));
            }
        }
        return cost + HeadroomCostOf(input, plan);
    }

    /// <summary>HeadroomCost for every parcel a capacity carries above what keeps its P90 within it.</summary>
    public static long HeadroomCostOf(PlanningInput input, PlanResult plan)
    {
        var st = input.EffectiveSettings;
        if (st.HeadroomCost <= 0) return 0;
        int lag = st.PickupLagHours;
        var ratio = input.Forecast.Where(f => f.Hour >= 0 && f.Hour < input.HorizonHours).GroupBy(f => f.Warehouse)
            .ToDictionary(g => g.Key, g => Headroom.Ratio(g.Sum(f => Math.Max(0, f.P50)), g.Sum(f => Math.Max(0, f.P90))));
        double HubRatio(string hub) => input.Network.Lanes.Where(l => l.Hub == hub && ratio.ContainsKey(l.Warehouse))
            .Select(l => ratio[l.Warehouse]).DefaultIfEmpty(1.0).Max();
        long cost = 0;
        foreach (var c in input.Capacities)
        {
            double r = c.Kind == CapacityKind.Sort ? HubRatio(c.Node) : ratio.GetValueOrDefault(c.Node, 1.0);
            for (int h = 0; h < input.HorizonHours; h++)
            {
                long used = c.Kind switch
                {
                    CapacityKind.Outbound => plan.Handovers.Where(x => x.Warehouse == c.Node && x.Hour == h).Sum(x => x.Parcels),
                    CapacityKind.Pickup => plan.Handovers.Where(x => x.Warehouse == c.Node && x.Carrier == c.Carrier && x.Hour == h).Sum(x => x.Parcels),
                    _ => plan.Handovers.Where(x => x.Hub == c.Node && x.Hour + lag == h).Sum(x => x.Parcels),
                };
                cost += st.HeadroomCost * Math.Max(0, used - Headroom.Safe(c.Parcels[h], r));
            }
        }
        return cost;
    }
}
