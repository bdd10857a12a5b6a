using Logistics.Domain.Capacity;
using Logistics.Domain.Handling;
using Logistics.Domain.Planning;

namespace Logistics.Domain.Tests.Planning;

/// <summary>Checks of a plan against its input, recomputed from the published handovers only.</summary>
public static class PlanChecks
{
    /// <summary>The handovers a capacity carries in hour h: each kind counts its own class only.</summary>
    private static long Used(PlanningInput input, PlanResult plan, CapacitySeries c, int h)
    {
        int lag = input.EffectiveSettings.PickupLagHours;
        return c.Kind switch
        {
            CapacityKind.Outbound => plan.Handovers.Where(x => x.Handling == HandlingClass.Parcel && x.Warehouse == c.Node && x.Hour == h).Sum(x => x.Parcels),
            CapacityKind.Pickup => plan.Handovers.Where(x => x.Handling == HandlingClass.Parcel && x.Warehouse == c.Node && x.Carrier == c.Carrier && x.Hour == h).Sum(x => x.Parcels),
            CapacityKind.Sort => plan.Handovers.Where(x => x.Handling == HandlingClass.Parcel && x.Hub == c.Node && x.Hour + lag == h).Sum(x => x.Parcels),
            CapacityKind.BulkyPickup => plan.Handovers.Where(x => x.Handling == HandlingClass.Bulky && x.Warehouse == c.Node && x.Carrier == c.Carrier && x.Hour == h).Sum(x => x.Parcels),
            CapacityKind.BulkySort => plan.Handovers.Where(x => x.Handling == HandlingClass.Bulky && x.Hub == c.Node && x.Hour + lag == h).Sum(x => x.Parcels),
            _ => throw new ArgumentOutOfRangeException(nameof(c), c.Kind, "not a capacity kind"),
        };
    }

    public static void CapacityRespected(PlanningInput input, PlanResult plan)
    {
        foreach (var c in input.Capacities)
            for (int h = 0; h < input.HorizonHours; h++)
            {
                long used = Used(input, plan, c, h);
                Assert.True(used <= c.Parcels[h], $"{c.Kind} {c.Node} {c.Carrier} hour {h}: {used} > {c.Parcels[h]}");
            }
    }

    /// <summary>Per merchant, warehouse and class, cumulative handovers never run ahead of cumulative releases.</summary>
    public static void NeverBeforeRelease(PlanningInput input, PlanResult plan)
    {
        foreach (var g in input.Forecast.GroupBy(f => (f.Merchant, f.Warehouse, f.Handling)))
        {
            long released = 0, handed = 0;
            for (int h = 0; h < input.HorizonHours; h++)
            {
                released += g.Where(f => f.Hour == h).Sum(f => (long)f.P50);
                handed += plan.Handovers.Where(x => x.Merchant == g.Key.Merchant && x.Warehouse == g.Key.Warehouse && x.Handling == g.Key.Handling && x.Hour == h).Sum(x => x.Parcels);
                Assert.True(handed <= released, $"{g.Key} hour {h}: handed {handed} > released {released}");
            }
        }
        Assert.All(plan.Handovers, x => Assert.Contains(input.Network.Lanes, l => l.Warehouse == x.Warehouse && l.Hub == x.Hub && l.Carrier == x.Carrier));
    }

    /// <summary>
    /// Bulky parcels go only to hubs whose carrier gives a bulky line; windows name the class of what
    /// they reserve; and each capacity's load node (of its class's kind) carries exactly the handovers
    /// of its class.
    /// </summary>
    public static void ClassesKeptApart(PlanningInput input, PlanResult plan)
    {
        var bulkyLines = input.Capacities.Where(c => c.Kind == CapacityKind.BulkySort).Select(c => c.Node).ToHashSet();
        Assert.All(plan.Handovers.Where(x => x.Handling == HandlingClass.Bulky), x => Assert.Contains(x.Hub, bulkyLines));
        var forecastClasses = input.Forecast.Select(f => (f.Merchant, f.Warehouse, f.Handling)).ToHashSet();
        Assert.All(plan.Windows, w => Assert.Contains((w.Merchant, w.Warehouse, w.Handling), forecastClasses));
        foreach (var c in input.Capacities)
        {
            var kind = c.Kind switch
            {
                CapacityKind.Outbound => LoadNodeKind.Outbound,
                CapacityKind.Pickup => LoadNodeKind.Pickup,
                CapacityKind.Sort => LoadNodeKind.OriginSort,
                CapacityKind.BulkyPickup => LoadNodeKind.BulkyPickup,
                _ => LoadNodeKind.BulkyOriginSort,
            };
            var load = plan.Loads.FirstOrDefault(l => l.Kind == kind && l.Node == c.Node && (!kind.IsPickup() || l.Carrier == c.Carrier));
            for (int h = 0; h < input.HorizonHours; h++)
                Assert.Equal(Used(input, plan, c, h), load?.Planned[h] ?? 0, 1e-9);
        }
    }

    /// <summary>The statement's cost of the published plan: FIFO per warehouse and class, switching per (w, class, c, h), spill.</summary>
    public static long CostOf(PlanningInput input, PlanResult plan)
    {
        int H = input.HorizonHours, S = input.ShipWithinHours;
        var st = input.EffectiveSettings;
        long cost = 0;
        foreach (var (w, k) in input.Forecast.Select(f => (f.Warehouse, f.Handling)).Distinct())
        {
            var queue = new Queue<(int Release, long Count)>();
            for (int h = 0; h < H; h++)
            {
                long rel = input.Forecast.Where(f => f.Warehouse == w && f.Handling == k && f.Hour == h).Sum(f => (long)f.P50);
                if (rel > 0) queue.Enqueue((h, rel));
                long need = plan.Handovers.Where(x => x.Warehouse == w && x.Handling == k && x.Hour == h).Sum(x => x.Parcels);
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
                    long habit = input.Forecast.Where(f => f.Warehouse == w && f.Handling == k && f.Hour == h && f.Carrier == carrier).Sum(f => (long)f.P50);
                    long handed = plan.Handovers.Where(x => x.Warehouse == w && x.Handling == k && x.Hour == h && x.Carrier == carrier).Sum(x => x.Parcels);
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
        var bulkyLines = input.Capacities.Where(c => c.Kind == CapacityKind.BulkySort).Select(c => c.Node).ToHashSet();
        var ratio = input.Forecast.Where(f => f.Hour >= 0 && f.Hour < input.HorizonHours).GroupBy(f => (f.Warehouse, f.Handling))
            .ToDictionary(g => g.Key, g => Headroom.Ratio(g.Sum(f => Math.Max(0, f.P50)), g.Sum(f => Math.Max(0, f.P90))));
        double HubRatio(string hub, HandlingClass k) => input.Network.Lanes
            .Where(l => l.Hub == hub && ratio.ContainsKey((l.Warehouse, k)) && (k == HandlingClass.Parcel || bulkyLines.Contains(hub)))
            .Select(l => ratio[(l.Warehouse, k)]).DefaultIfEmpty(1.0).Max();
        long cost = 0;
        foreach (var c in input.Capacities)
        {
            double r = c.Kind switch
            {
                CapacityKind.Sort => HubRatio(c.Node, HandlingClass.Parcel),
                CapacityKind.BulkySort => HubRatio(c.Node, HandlingClass.Bulky),
                CapacityKind.BulkyPickup => ratio.GetValueOrDefault((c.Node, HandlingClass.Bulky), 1.0),
                _ => ratio.GetValueOrDefault((c.Node, HandlingClass.Parcel), 1.0),
            };
            for (int h = 0; h < input.HorizonHours; h++)
                cost += st.HeadroomCost * Math.Max(0, Used(input, plan, c, h) - Headroom.Safe(c.Parcels[h], r));
        }
        return cost;
    }
}
