using Logistics.Domain.Capacity;
using Logistics.Domain.Network;

namespace Logistics.Domain.Planning;

/// <summary>
/// Hourly loads per node from the plan and from the unshaved forecast. A planned handover's destination
/// load follows its merchant's region mix at that warehouse (P50 shares over the horizon), at
/// hour + pickup lag + the lane's transit, at the carrier's hub in that region (none if it has none).
/// The unshaved loads were summed by the demand as the forecast streamed past (same rules).
/// </summary>
internal static class LoadBuilder
{
    private const int Planned = 0, PlannedP90 = 1, UnshavedP50 = 2, UnshavedP90 = 3;

    public static IReadOnlyList<NodeLoad> Build(HandoverDemand demand, NetworkModel network, PlanWindows windows, CapacityIndex caps, int hours, int lag)
    {
        var ord = StringComparer.Ordinal;
        var loads = new Dictionary<(LoadNodeKind Kind, string Node, string Carrier), double[][]>();
        foreach (var (key, s) in demand.Unshaved)
            loads[key] = [new double[hours], new double[hours], s[0], s[1]];
        // One-entry cache per kind: consecutive windows mostly hit the same node.
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
        void AddAt(LoadNodeKind kind, string node, string carrier, int hour, double n, double n90)
        {
            if (hour < 0 || hour >= hours || (n == 0 && n90 == 0)) return;
            var s = Series(kind, node, carrier);
            s[Planned][hour] += n;
            s[PlannedP90][hour] += n90;
        }

        // First hub by code per (carrier, region); transit per lane.
        var destHub = new Dictionary<(string, string), string>();
        foreach (var h in network.Hubs.OrderBy(h => h.Code, ord)) destHub.TryAdd((h.Carrier, h.Region), h.Code);
        var laneByHub = new Dictionary<(string, string), Lane>();
        foreach (var l in network.Lanes.OrderBy(l => l.Hub, ord)) laneByHub.TryAdd((l.Warehouse, l.Hub), l);
        var mix = new Dictionary<(string, string), MerchantDemand>();
        foreach (var p in demand.Pairs) mix[(p.Merchant, p.Warehouse)] = p;

        MerchantDemand? pair = null;
        foreach (var s in windows.Slots)
        {
            string merchant = windows.Merchant(s), warehouse = windows.Warehouse(s).Code;
            var (carrier, hub) = windows.Warehouse(s).LaneNames[s.Lane];
            if (pair is null || !ReferenceEquals(pair.Merchant, merchant) || !ReferenceEquals(pair.Warehouse, warehouse))
                pair = mix.GetValueOrDefault((merchant, warehouse));
            double ratio = pair?.P90Ratio ?? 1.0, n = s.PerHour, n90 = s.PerHour * ratio;
            int transit = laneByHub.TryGetValue((warehouse, hub), out var lane) ? lane.TransitHours : Lane.DefaultTransitHours;
            for (int h = s.Start; h < s.End; h++)
            {
                AddAt(LoadNodeKind.Outbound, warehouse, "", h, n, n90);
                AddAt(LoadNodeKind.Pickup, warehouse, carrier, h, n, n90);
                AddAt(LoadNodeKind.OriginSort, hub, carrier, h + lag, n, n90);
                foreach (var (region, share) in pair?.Regions ?? [])
                    if (destHub.TryGetValue((carrier, region), out var dh))
                        AddAt(LoadNodeKind.DestinationSort, dh, carrier, h + lag + transit, n * share, n90 * share);
            }
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
