using Logistics.Domain.Capacity;
using Logistics.Domain.Handling;
using Logistics.Domain.Network;

namespace Logistics.Domain.Planning;

/// <summary>
/// Hourly loads per node from the plan and from the unshaved forecast. A planned handover's destination
/// load follows its merchant's region mix at that warehouse (P50 shares over the horizon), at
/// hour + pickup lag + the lane's transit, at the carrier's hub in that region (none if it has none).
/// The unshaved loads were summed by the demand as the forecast streamed past (same rules). The same
/// destination load is also kept per line-haul (carrier, origin hub, destination hub): the region
/// status shows which origins feed a slow receiving hub. A bulky window loads the bulky kinds (see
/// <see cref="LoadNodeKinds"/>): no outbound, and destination hubs with a bulky line only.
/// </summary>
internal static class LoadBuilder
{
    private const int Planned = 0, PlannedP90 = 1, UnshavedP50 = 2, UnshavedP90 = 3;

    public static (IReadOnlyList<NodeLoad> Nodes, IReadOnlyList<LaneLoad> Lanes) Build(HandoverDemand demand, NetworkModel network, PlanWindows windows, CapacityIndex caps, int hours, int lag)
    {
        var ord = StringComparer.Ordinal;
        // Destination hubs per class as the demand chose them; transit per lane.
        var routes = new ClassRoutes(network, caps.BulkyLines);
        var laneByHub = new Dictionary<(string, string), Lane>();
        foreach (var l in network.Lanes.OrderBy(l => l.Hub, ord)) laneByHub.TryAdd((l.Warehouse, l.Hub), l);
        var mix = new Dictionary<(string, string, HandlingClass), MerchantDemand>();
        foreach (var p in demand.Pairs) mix[(p.Merchant, p.Warehouse, p.Handling)] = p;

        // The warehouse side (outbound, pickup) and the hub side (origin and destination sort) fill
        // disjoint series, so two walks over the windows run side by side; each cell still gets its
        // windows' parcels in window order, so the sums are the same to the bit as one walk's.
        Dictionary<(LoadNodeKind Kind, string Node, string Carrier), double[][]> loads = [], hubSide = [];
        // Line-hauls: [planned, unshaved P50, unshaved P90], filled by the hub side's walk only.
        var lanes = new Dictionary<(string Carrier, string Origin, string Destination, HandlingClass Handling), double[][]>();
        foreach (var (key, s) in demand.LaneUnshaved) lanes[key] = [new double[hours], s[0], s[1]];
        Parallelism.Invoke(
            () => loads = Walk(demand, windows, routes, laneByHub, mix, hours, lag, hubSide: false, lanes),
            () => hubSide = Walk(demand, windows, routes, laneByHub, mix, hours, lag, hubSide: true, lanes));
        foreach (var (key, series) in hubSide) loads.Add(key, series);

        var nodes = loads.Keys
            .OrderBy(k => k.Kind).ThenBy(k => k.Node, ord).ThenBy(k => k.Carrier, ord)
            .Select(k =>
            {
                var s = loads[k];
                var cap = caps.Get(LoadNodeKinds.Capacity(k.Kind), k.Node, k.Carrier);
                return new NodeLoad(k.Kind, k.Node, k.Kind == LoadNodeKind.Outbound ? null : k.Carrier,
                    s[Planned], s[PlannedP90], s[UnshavedP50], s[UnshavedP90], cap is null ? null : (long[])cap.Clone());
            })
            .ToArray();
        var lines = lanes.Keys
            .OrderBy(k => k.Destination, ord).ThenBy(k => k.Carrier, ord).ThenBy(k => k.Origin, ord).ThenBy(k => k.Handling)
            .Select(k => new LaneLoad(k.Carrier, k.Origin, k.Destination, lanes[k][0], lanes[k][1], lanes[k][2], k.Handling))
            .ToArray();
        return (nodes, lines);
    }

    /// <summary>The loads of one side's node kinds (hubs: origin and destination sort; else outbound and pickup), seeded with their unshaved sums.</summary>
    private static Dictionary<(LoadNodeKind Kind, string Node, string Carrier), double[][]> Walk(HandoverDemand demand, PlanWindows windows,
        ClassRoutes routes, Dictionary<(string, string), Lane> laneByHub, Dictionary<(string, string, HandlingClass), MerchantDemand> mix,
        int hours, int lag, bool hubSide, Dictionary<(string Carrier, string Origin, string Destination, HandlingClass Handling), double[][]> lanes)
    {
        static bool OnHubSide(LoadNodeKind kind) => kind.IsOriginSort() || kind.IsDestinationSort();
        var loads = new Dictionary<(LoadNodeKind Kind, string Node, string Carrier), double[][]>();
        foreach (var (key, s) in demand.Unshaved)
            if (OnHubSide(key.Kind) == hubSide) loads[key] = [new double[hours], new double[hours], s[0], s[1]];
        // One-entry cache per kind: consecutive windows mostly hit the same node.
        var kinds = Enum.GetValues<LoadNodeKind>().Length;
        var lastKey = new (string Node, string Carrier)?[kinds];
        var lastSeries = new double[kinds][][];
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
        // A window's hours [from, to) on one node, the part inside the horizon; a node's series is made
        // only when an hour lands on it. Each cell gets this window's parcels in the same order as
        // adding hour by hour did, so the sums are the same to the bit.
        void AddRun(LoadNodeKind kind, string node, string carrier, int from, int to, double n, double n90, double[][]?[]? cache = null, int slot = 0)
        {
            if (n == 0 && n90 == 0) return;
            from = Math.Max(from, 0);
            to = Math.Min(to, hours);
            if (from >= to) return;
            var s = cache is null ? Series(kind, node, carrier) : cache[slot] ??= Series(kind, node, carrier);
            var (planned, p90) = (s[Planned], s[PlannedP90]);
            for (int h = from; h < to; h++) { planned[h] += n; p90[h] += n90; }
        }

        // Windows come sorted by merchant, warehouse and lane: what depends only on those is looked up
        // when they change, not per window (string-keyed lookups per window-hour were most of the time).
        MerchantDemand? pair = null;
        int lastWarehouse = -1, lastLane = -1;
        int transit = 0;
        var destinations = new List<(string Hub, double Share)>();
        var destinationSeries = Array.Empty<double[][]?>(); // per destination, once an hour has landed on it
        var laneSeries = Array.Empty<double[]?>();           // the line-haul's planned hours, per destination likewise
        // The destination's planned parcels again, on the line-haul they came by.
        void AddLane(string carrier, string origin, string destination, HandlingClass handling, int from, int to, double n, int slot)
        {
            if (n == 0) return;
            from = Math.Max(from, 0);
            to = Math.Min(to, hours);
            if (from >= to) return;
            if (laneSeries[slot] is not { } planned)
            {
                if (!lanes.TryGetValue((carrier, origin, destination, handling), out var s))
                    lanes[(carrier, origin, destination, handling)] = s = [new double[hours], new double[hours], new double[hours]];
                laneSeries[slot] = planned = s[0];
            }
            for (var h = from; h < to; h++) planned[h] += n;
        }

        foreach (var s in windows.Slots)
        {
            var unit = windows.Warehouse(s);
            string merchant = windows.Merchant(s), warehouse = unit.Code;
            var handling = unit.Handling;
            var (carrier, hub) = unit.LaneNames[s.Lane];
            var pairChanged = pair is null || !ReferenceEquals(pair.Merchant, merchant) || !ReferenceEquals(pair.Warehouse, warehouse) || pair.Handling != handling;
            if (pairChanged) pair = mix.GetValueOrDefault((merchant, warehouse, handling));
            if (hubSide && (pairChanged || s.Warehouse != lastWarehouse || s.Lane != lastLane))
            {
                (lastWarehouse, lastLane) = (s.Warehouse, s.Lane);
                transit = laneByHub.TryGetValue((warehouse, hub), out var lane) ? lane.TransitHours : Lane.DefaultTransitHours;
                destinations.Clear();
                foreach (var (region, share) in pair?.Regions ?? [])
                    if (routes.DestinationHub(handling, carrier, region) is { } dh) destinations.Add((dh, share));
                if (destinationSeries.Length < destinations.Count)
                    (destinationSeries, laneSeries) = (new double[][]?[destinations.Count], new double[]?[destinations.Count]);
                Array.Clear(destinationSeries);
                Array.Clear(laneSeries);
            }
            double ratio = pair?.P90Ratio ?? 1.0, n = s.PerHour, n90 = s.PerHour * ratio;
            if (!hubSide)
            {
                if (unit.HasOutbound) AddRun(LoadNodeKind.Outbound, warehouse, "", s.Start, s.End, n, n90);
                AddRun(LoadNodeKinds.Of(LoadNodeKind.Pickup, handling), warehouse, carrier, s.Start, s.End, n, n90);
                continue;
            }
            AddRun(LoadNodeKinds.Of(LoadNodeKind.OriginSort, handling), hub, carrier, s.Start + lag, s.End + lag, n, n90);
            for (var d = 0; d < destinations.Count; d++)
            {
                var (dh, share) = destinations[d];
                AddRun(LoadNodeKinds.Of(LoadNodeKind.DestinationSort, handling), dh, carrier, s.Start + lag + transit, s.End + lag + transit, n * share, n90 * share, destinationSeries, d);
                AddLane(carrier, hub, dh, handling, s.Start + lag + transit, s.End + lag + transit, n * share, d);
            }
        }
        return loads;
    }
}
