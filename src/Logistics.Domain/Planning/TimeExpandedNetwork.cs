using Logistics.Domain.Capacity;
using Logistics.Domain.Network;

namespace Logistics.Domain.Planning;

/// <summary>Builds and solves the time-expanded min-cost flow of one component (see the planner's defence).</summary>
internal static class TimeExpandedNetwork
{
    public sealed record Context(int Hours, int ShipWithin, int Lag, PlannerSettings Settings, CapacityIndex Caps);

    /// <summary>Returns (parcels sent, cost, parcels released); flows stay readable through each warehouse.</summary>
    public static (long Sent, long Cost, long Total) Solve(Context ctx, WarehousePlan[] whs, HubLine[] hubs)
    {
        int hours = ctx.Hours, lag = ctx.Lag;
        var settings = ctx.Settings;
        var hubIndex = new Dictionary<HubLine, int>();
        for (int h = 0; h < hubs.Length; h++) hubIndex[hubs[h]] = h;
        int Hub(WarehousePlan wp, Lane lane) => hubIndex[new HubLine(lane.Hub, wp.Handling)];

        int node = 2;
        const int source = 0, sink = 1;
        foreach (var wp in whs)
        {
            wp.WaitBase = node; node += hours;
            if (wp.Carriers.Length == 0) continue;
            // A bulky unit hands over straight from waiting: it does not pass the outbound.
            if (wp.HasOutbound) { wp.OutBase = node; node += hours; }
            else wp.OutBase = wp.WaitBase;
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
        // A capacity arc in two parallel parts: what P50 fills freely, and the band P90 would
        // overflow at HeadroomCost a parcel (see Headroom). Returns both arcs (-1: no band).
        (int Free, int Band) Capped(int from, int to, long capacity, double ratio)
        {
            long safe = capacity >= MinCostFlow.Infinite || settings.HeadroomCost <= 0 ? capacity : Headroom.Safe(capacity, ratio);
            int free = g.AddArc(from, to, safe, 0);
            return (free, safe < capacity ? g.AddArc(from, to, capacity - safe, settings.HeadroomCost) : -1);
        }
        // A hub line's P90 ratio is the largest of the units that feed it: then its P90 fits whatever their mix.
        var hubRatio = new double[hubs.Length];
        Array.Fill(hubRatio, 1.0);
        foreach (var wp in whs)
            foreach (var c in wp.Carriers)
                foreach (var lane in c.Hubs)
                    hubRatio[Hub(wp, lane)] = Math.Max(hubRatio[Hub(wp, lane)], wp.P90Ratio);
        foreach (var wp in whs)
        {
            wp.Graph = g;
            var outbound = ctx.Caps.Get(CapacityKind.Outbound, wp.Code, null);
            var pickupKind = LoadNodeKinds.Capacity(LoadNodeKinds.Of(LoadNodeKind.Pickup, wp.Handling));
            var pickups = wp.Carriers.Select(c => ctx.Caps.Get(pickupKind, wp.Code, c.Carrier)).ToArray();
            long window = 0;
            for (int t = 0; t < hours; t++)
            {
                long rel = wp.Release[t];
                total += rel;
                if (rel > 0) g.AddArc(source, wp.WaitBase + t, rel, 0);
                // Parcels released in (t+1-ShipWithin .. t] can still wait past t on time.
                window += rel;
                if (t - ctx.ShipWithin >= 0) window -= wp.Release[t - ctx.ShipWithin];
                if (t < hours - 1)
                {
                    if (window > 0) g.AddArc(wp.WaitBase + t, wp.WaitBase + t + 1, window, delay);
                    g.AddArc(wp.WaitBase + t, wp.WaitBase + t + 1, MinCostFlow.Infinite, late);
                }
                if (wp.Carriers.Length == 0) continue;
                if (wp.HasOutbound) Capped(wp.WaitBase + t, wp.OutBase + t, outbound?[t] ?? MinCostFlow.Infinite, wp.P90Ratio);
                for (int ci = 0; ci < wp.Carriers.Length; ci++)
                {
                    var c = wp.Carriers[ci];
                    if (c.Habit[t] > 0) g.AddArc(wp.OutBase + t, c.InBase + t, c.Habit[t], 0);
                    g.AddArc(wp.OutBase + t, c.InBase + t, MinCostFlow.Infinite, settings.SwitchCost);
                    long pickup = pickups[ci]?[t] ?? MinCostFlow.Infinite;
                    int sortHour = t + lag;
                    if (c.Hubs.Length == 1)
                    {
                        int to = sortHour < hours ? sortBase[Hub(wp, c.Hubs[0])] + sortHour : sink;
                        (c.HandArcs[0][t], c.BandArcs[0][t]) = Capped(c.InBase + t, to, pickup, wp.P90Ratio);
                    }
                    else
                    {
                        Capped(c.InBase + t, c.OutBase + t, pickup, wp.P90Ratio);
                        for (int k = 0; k < c.Hubs.Length; k++)
                        {
                            int to = sortHour < hours ? sortBase[Hub(wp, c.Hubs[k])] + sortHour : sink;
                            c.HandArcs[k][t] = g.AddArc(c.OutBase + t, to, MinCostFlow.Infinite, 0);
                        }
                    }
                }
            }
            wp.SpillArc = g.AddArc(wp.WaitBase + hours - 1, sink, MinCostFlow.Infinite, settings.SpillCost(hours));
        }
        for (int h = 0; h < hubs.Length; h++)
        {
            var sort = ctx.Caps.Get(LoadNodeKinds.Capacity(LoadNodeKinds.Of(LoadNodeKind.OriginSort, hubs[h].Handling)), hubs[h].Hub, null);
            for (int t = 0; t < hours; t++) Capped(sortBase[h] + t, sink, sort?[t] ?? MinCostFlow.Infinite, hubRatio[h]);
        }
        var (sent, cost) = g.Solve(source, sink, total);
        return (sent, cost, total);
    }
}
