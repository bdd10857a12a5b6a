using Logistics.Domain.Capacity;
using Logistics.Domain.Forecasting;
using Logistics.Domain.Network;

namespace Logistics.Domain.Planning;

/// <summary>
/// Hourly loads per node from the plan and from the unshaved forecast. A planned handover's destination
/// load follows its merchant's region mix at that warehouse (P50 shares over the horizon), at
/// hour + pickup lag + the lane's transit, at the carrier's hub in that region (none if it has none).
/// </summary>
internal static class LoadBuilder
{
    private const int Planned = 0, PlannedP90 = 1, UnshavedP50 = 2, UnshavedP90 = 3;

    public static IReadOnlyList<NodeLoad> Build(
        PlanningInput input, HandoverForecast[] rows, IReadOnlyList<PlannedHandover> handovers,
        CapacityIndex caps, int hours, int lag)
    {
        var ord = StringComparer.Ordinal;
        var loads = new Dictionary<(LoadNodeKind Kind, string Node, string Carrier), double[][]>();
        // One-entry cache per kind: consecutive handovers and rows mostly hit the same node.
        var lastKey = new (string Node, string Carrier)?[4];
        var lastSeries = new double[4][][];
        double[][] Series(LoadNodeKind kind, string node, string carrier)
        {
            int k = (int)kind;
            if (lastKey[k] is { } last && ReferenceEquals(last.Node, node) && ReferenceEquals(last.Carrier, carrier)) return lastSeries[k];
            if (!loads.TryGetValue((kind, node, carrier), out var s))
                loads[(kind, node, carrier)] = s = [new double[hours], new double[hours], new double[hours], new double[hours]];
            lastKey[k] = (node, carrier);
            lastSeries[k] = s;
            return s;
        }
        void AddAt(LoadNodeKind kind, string node, string carrier, int hour, int which, double amount)
        {
            if (hour >= 0 && hour < hours && amount != 0) Series(kind, node, carrier)[which][hour] += amount;
        }

        // First hub by code per (carrier, region) and per (warehouse, carrier); transit per lane.
        var destHub = new Dictionary<(string, string), string>();
        foreach (var h in input.Network.Hubs.OrderBy(h => h.Code, ord)) destHub.TryAdd((h.Carrier, h.Region), h.Code);
        var originLane = new Dictionary<(string, string), Lane>();
        var laneByHub = new Dictionary<(string, string), Lane>();
        foreach (var l in input.Network.Lanes.OrderBy(l => l.Hub, ord))
        {
            originLane.TryAdd((l.Warehouse, l.Carrier), l);
            laneByHub.TryAdd((l.Warehouse, l.Hub), l);
        }

        // Merchant mixes at a warehouse: region shares and the P90/P50 ratio (rows are sorted by merchant, warehouse).
        var mix = new Dictionary<(string, string), (double P90Ratio, (string Region, double Share)[] Regions)>();
        for (int i = 0; i < rows.Length;)
        {
            int j = i;
            while (j < rows.Length && rows[j].Merchant == rows[i].Merchant && rows[j].Warehouse == rows[i].Warehouse) j++;
            double p50 = 0, p90 = 0;
            var byRegion = new SortedDictionary<string, double>(ord);
            for (int k = i; k < j; k++)
            {
                double v = Math.Max(0, rows[k].P50);
                p50 += v; p90 += Math.Max(0, rows[k].P90);
                byRegion[rows[k].Region] = byRegion.GetValueOrDefault(rows[k].Region) + v;
            }
            if (p50 > 0)
                mix[(rows[i].Merchant, rows[i].Warehouse)] =
                    (p90 / p50, byRegion.Where(kv => kv.Value > 0).Select(kv => (kv.Key, kv.Value / p50)).ToArray());
            i = j;
        }

        foreach (var h in handovers)
        {
            var (ratio, regions) = mix.TryGetValue((h.Merchant, h.Warehouse), out var mx) ? mx : (1.0, []);
            double n = h.Parcels, n90 = h.Parcels * ratio;
            AddAt(LoadNodeKind.Outbound, h.Warehouse, "", h.Hour, Planned, n);
            AddAt(LoadNodeKind.Outbound, h.Warehouse, "", h.Hour, PlannedP90, n90);
            AddAt(LoadNodeKind.Pickup, h.Warehouse, h.Carrier, h.Hour, Planned, n);
            AddAt(LoadNodeKind.Pickup, h.Warehouse, h.Carrier, h.Hour, PlannedP90, n90);
            AddAt(LoadNodeKind.OriginSort, h.Hub, h.Carrier, h.Hour + lag, Planned, n);
            AddAt(LoadNodeKind.OriginSort, h.Hub, h.Carrier, h.Hour + lag, PlannedP90, n90);
            int transit = laneByHub.TryGetValue((h.Warehouse, h.Hub), out var lane) ? lane.TransitHours : Lane.DefaultTransitHours;
            foreach (var (region, share) in regions)
            {
                if (!destHub.TryGetValue((h.Carrier, region), out var dh)) continue;
                AddAt(LoadNodeKind.DestinationSort, dh, h.Carrier, h.Hour + lag + transit, Planned, n * share);
                AddAt(LoadNodeKind.DestinationSort, dh, h.Carrier, h.Hour + lag + transit, PlannedP90, n90 * share);
            }
        }

        foreach (var r in rows)
        {
            double p50 = Math.Max(0, r.P50), p90 = Math.Max(0, r.P90);
            AddAt(LoadNodeKind.Outbound, r.Warehouse, "", r.Hour, UnshavedP50, p50);
            AddAt(LoadNodeKind.Outbound, r.Warehouse, "", r.Hour, UnshavedP90, p90);
            AddAt(LoadNodeKind.Pickup, r.Warehouse, r.Carrier, r.Hour, UnshavedP50, p50);
            AddAt(LoadNodeKind.Pickup, r.Warehouse, r.Carrier, r.Hour, UnshavedP90, p90);
            if (!originLane.TryGetValue((r.Warehouse, r.Carrier), out var lane)) continue;
            AddAt(LoadNodeKind.OriginSort, lane.Hub, r.Carrier, r.Hour + lag, UnshavedP50, p50);
            AddAt(LoadNodeKind.OriginSort, lane.Hub, r.Carrier, r.Hour + lag, UnshavedP90, p90);
            if (!destHub.TryGetValue((r.Carrier, r.Region), out var dh)) continue;
            AddAt(LoadNodeKind.DestinationSort, dh, r.Carrier, r.Hour + lag + lane.TransitHours, UnshavedP50, p50);
            AddAt(LoadNodeKind.DestinationSort, dh, r.Carrier, r.Hour + lag + lane.TransitHours, UnshavedP90, p90);
        }

        return loads.Keys
            .OrderBy(k => k.Kind).ThenBy(k => k.Node, ord).ThenBy(k => k.Carrier, ord)
            .Select(k =>
            {
                var s = loads[k];
                var cap = k.Kind switch
                {
                    LoadNodeKind.Outbound => caps.Get(CapacityKind.Outbound, k.Node, null),
                    LoadNodeKind.Pickup => caps.Get(CapacityKind.Pickup, k.Node, k.Carrier),
                    _ => caps.Get(CapacityKind.Sort, k.Node, null),
                };
                return new NodeLoad(k.Kind, k.Node, k.Kind == LoadNodeKind.Outbound ? null : k.Carrier,
                    s[Planned], s[PlannedP90], s[UnshavedP50], s[UnshavedP90], cap is null ? null : (long[])cap.Clone());
            })
            .ToArray();
    }
}
