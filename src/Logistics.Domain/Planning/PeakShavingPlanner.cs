using Logistics.Domain.Capacity;
using Logistics.Domain.Forecasting;
using Logistics.Domain.Network;

namespace Logistics.Domain.Planning;

/*
 * Why this model (the defence).
 *
 * The plan is an exact min-cost flow on a time-expanded network, one commodity per warehouse.
 * Parcels of one warehouse are identical except for their release hour, and every deadline is
 * release + ShipWithinHours, so within a warehouse first-in-first-out (= earliest deadline first)
 * is optimal: any plan can be re-sequenced FIFO without changing hourly handovers, delay, or
 * lateness can only fall. That lets one commodity per warehouse carry all its merchants and makes
 * lateness a convex cost on the wait arcs: of the parcels still waiting after hour t, at most those
 * released in the last ShipWithinHours hours can be on time (FIFO keeps the newest waiting), so the
 * wait arc is two parallel arcs: that many at DelayCost per hour, the rest at DelayCost + LateCost.
 *
 * The carrier is a planner decision among the carriers with a lane at the warehouse. The forecast's
 * carrier split is the merchants' habit: a free "habit" arc carries up to the natural P50 handover
 * to each carrier in each hour, an uncapacitated arc at SwitchCost carries the rest. Weights are
 * integers with LateCost >> DelayCost >> SwitchCost, so the optimum is (in practice)
 * lexicographic: least lateness, then least delay, then least switching. Parcels still waiting at
 * the horizon's end leave through a spill arc priced like another horizon of lateness and are
 * reported unplanned.
 *
 * Constraints are the warehouse outbound, each carrier's pickup at the warehouse, and the origin hub's
 * sorting (pickup lag later). Destination-region hubs are NOT constraints: their load depends on the
 * parcel's region, which would make the flow multi-commodity (and an LP, not a network flow). Their
 * load is derived from the plan for the alerts only.
 *
 * The warehouse flow is then disaggregated to merchants FIFO by release hour, a release hour shared
 * pro rata to the merchants' remaining parcels (largest remainder, ties by merchant code), so delay
 * that cannot be avoided falls on merchants in proportion to their volume; each hour's carrier/hub
 * split is shared pro rata in the same way. Integer counts come from rounding P50 per
 * (merchant, warehouse) by largest remainder, which preserves totals.
 *
 * Determinism: every collection is sorted ordinally before it shapes the graph; the solver is
 * deterministic for a given arc order; no dictionary is ever iterated to produce output.
 */

/// <summary>The pure peak-shaving planner: <see cref="Plan"/> turns a forecast into windows and loads.</summary>
public static class PeakShavingPlanner
{
    private static readonly StringComparer Ord = StringComparer.Ordinal;

    public static PlanResult Plan(PlanningInput input)
    {
        int hours = input.HorizonHours;
        if (hours <= 0) throw new ArgumentOutOfRangeException(nameof(input), "horizon must be at least one hour");
        int shipWithin = Math.Max(0, input.ShipWithinHours);
        var settings = input.EffectiveSettings;
        int lag = Math.Max(0, settings.PickupLagHours);
        var caps = new CapacityIndex(input.Capacities, hours);

        // 1. Forecast rows in a canonical order; integer releases per (merchant, warehouse).
        var rows = input.Forecast.Where(r => r.Hour >= 0 && r.Hour < hours).ToArray();
        Array.Sort(rows, CompareRows);
        var counts = RoundPerMerchantWarehouse(rows);

        var warehouses = rows.Select(r => r.Warehouse).Distinct().Order(Ord).ToArray();
        var whIndex = Index(warehouses);
        var lanesByWarehouse = input.Network.Lanes
            .Where(l => whIndex.ContainsKey(l.Warehouse))
            .GroupBy(l => l.Warehouse, Ord)
            .ToDictionary(g => g.Key, g => g.OrderBy(l => l.Carrier, Ord).ThenBy(l => l.Hub, Ord).ToArray(), Ord);
        var hubs = lanesByWarehouse.Values.SelectMany(ls => ls).Select(l => l.Hub).Distinct().Order(Ord).ToArray();
        var hubIndex = Index(hubs);

        var whs = new WarehousePlan[warehouses.Length];
        for (int w = 0; w < warehouses.Length; w++)
            whs[w] = new WarehousePlan(warehouses[w], lanesByWarehouse.GetValueOrDefault(warehouses[w]) ?? [], hours);
        for (int i = 0; i < rows.Length; i++)
            if (counts[i] > 0) whs[whIndex[rows[i].Warehouse]].AddRelease(rows[i].Merchant, rows[i].Carrier, rows[i].Hour, counts[i]);

        // 2. The time-expanded network.
        int node = 2;
        const int source = 0, sink = 1;
        foreach (var wp in whs)
        {
            wp.WaitBase = node; node += hours;
            wp.OutBase = node; node += hours;
            foreach (var c in wp.Carriers)
            {
                c.InBase = node; node += hours;
                if (c.Hubs.Length > 1) { c.OutBase = node; node += hours; }
            }
        }
        var sortBase = new int[hubs.Length];
        for (int h = 0; h < hubs.Length; h++) { sortBase[h] = node; node += hours; }

        var g = new MinCostFlow(node);
        long delay = settings.DelayCost, late = settings.DelayCost + settings.LateCost;
        long total = 0;
        foreach (var wp in whs)
        {
            var outbound = caps.Get(CapacityKind.Outbound, wp.Code, null);
            long window = 0;
            for (int t = 0; t < hours; t++)
            {
                long rel = wp.Release[t];
                total += rel;
                if (rel > 0) g.AddArc(source, wp.WaitBase + t, rel, 0);
                // Parcels released in (t+1-ShipWithin .. t] can still wait past t on time.
                window += rel;
                if (t - shipWithin >= 0) window -= wp.Release[t - shipWithin];
                if (t < hours - 1)
                {
                    if (window > 0) g.AddArc(wp.WaitBase + t, wp.WaitBase + t + 1, window, delay);
                    g.AddArc(wp.WaitBase + t, wp.WaitBase + t + 1, MinCostFlow.Infinite, late);
                }
                if (wp.Carriers.Length == 0) continue;
                g.AddArc(wp.WaitBase + t, wp.OutBase + t, outbound?[t] ?? MinCostFlow.Infinite, 0);
                foreach (var c in wp.Carriers)
                {
                    if (c.Habit[t] > 0) g.AddArc(wp.OutBase + t, c.InBase + t, c.Habit[t], 0);
                    g.AddArc(wp.OutBase + t, c.InBase + t, MinCostFlow.Infinite, settings.SwitchCost);
                    long pickup = caps.Get(CapacityKind.Pickup, wp.Code, c.Carrier)?[t] ?? MinCostFlow.Infinite;
                    int sortHour = t + lag;
                    if (c.Hubs.Length == 1)
                    {
                        int to = sortHour < hours ? sortBase[hubIndex[c.Hubs[0].Hub]] + sortHour : sink;
                        c.HandArcs[0][t] = g.AddArc(c.InBase + t, to, pickup, 0);
                    }
                    else
                    {
                        g.AddArc(c.InBase + t, c.OutBase + t, pickup, 0);
                        for (int k = 0; k < c.Hubs.Length; k++)
                        {
                            int to = sortHour < hours ? sortBase[hubIndex[c.Hubs[k].Hub]] + sortHour : sink;
                            c.HandArcs[k][t] = g.AddArc(c.OutBase + t, to, MinCostFlow.Infinite, 0);
                        }
                    }
                }
            }
            wp.SpillArc = g.AddArc(wp.WaitBase + hours - 1, sink, MinCostFlow.Infinite, settings.SpillCost(hours));
        }
        for (int h = 0; h < hubs.Length; h++)
        {
            var sort = caps.Get(CapacityKind.Sort, hubs[h], null);
            for (int t = 0; t < hours; t++) g.AddArc(sortBase[h] + t, sink, sort?[t] ?? MinCostFlow.Infinite, 0);
        }

        var (sent, cost) = g.Solve(source, sink, total);
        if (sent != total) throw new InvalidOperationException($"planner sent {sent} of {total} parcels");

        // 3. Back to merchants, carriers and hubs.
        var handovers = new List<PlannedHandover>();
        var stats = new SortedDictionary<string, MerchantAccumulator>(Ord);
        foreach (var wp in whs) wp.Disaggregate(g, shipWithin, handovers, stats);
        handovers.Sort(CompareHandovers);

        var merchants = stats.Select(kv => kv.Value.ToStats(kv.Key)).ToArray();
        var loads = LoadBuilder.Build(input, rows, handovers, caps, hours, lag);
        var windows = WindowBuilder.Build(handovers);
        return new PlanResult(
            handovers, windows, merchants, loads, cost, total,
            merchants.Sum(m => m.UnplannedParcels), merchants.Sum(m => m.LateParcels));
    }

    /// <summary>Rounds P50 so each (merchant, warehouse) keeps its rounded total; rows must be sorted.</summary>
    private static long[] RoundPerMerchantWarehouse(HandoverForecast[] rows)
    {
        var counts = new long[rows.Length];
        int i = 0;
        while (i < rows.Length)
        {
            int j = i;
            while (j < rows.Length && rows[j].Merchant == rows[i].Merchant && rows[j].Warehouse == rows[i].Warehouse) j++;
            var part = LargestRemainder.Round(rows[i..j].Select(r => r.P50).ToArray());
            Array.Copy(part, 0, counts, i, part.Length);
            i = j;
        }
        return counts;
    }

    internal static int CompareRows(HandoverForecast a, HandoverForecast b)
    {
        int c = string.CompareOrdinal(a.Merchant, b.Merchant);
        if (c == 0) c = string.CompareOrdinal(a.Warehouse, b.Warehouse);
        if (c == 0) c = a.Hour.CompareTo(b.Hour);
        if (c == 0) c = string.CompareOrdinal(a.Carrier, b.Carrier);
        if (c == 0) c = string.CompareOrdinal(a.Region, b.Region);
        if (c == 0) c = a.P50.CompareTo(b.P50);
        if (c == 0) c = a.P90.CompareTo(b.P90);
        return c;
    }

    private static int CompareHandovers(PlannedHandover a, PlannedHandover b)
    {
        int c = string.CompareOrdinal(a.Merchant, b.Merchant);
        if (c == 0) c = string.CompareOrdinal(a.Warehouse, b.Warehouse);
        if (c == 0) c = string.CompareOrdinal(a.Carrier, b.Carrier);
        if (c == 0) c = string.CompareOrdinal(a.Hub, b.Hub);
        if (c == 0) c = a.Hour.CompareTo(b.Hour);
        return c;
    }

    private static Dictionary<string, int> Index(string[] sorted)
    {
        var d = new Dictionary<string, int>(sorted.Length, Ord);
        for (int i = 0; i < sorted.Length; i++) d[sorted[i]] = i;
        return d;
    }
}
