using Logistics.Domain.Handling;
using Logistics.Domain.Network;
using Logistics.Domain.Planning;

namespace Logistics.Domain.Alerts;

/// <summary>
/// Where the plan leaves room: capacity minus the plan's P90 load, per node and hour. Handing parcels to a carrier at a warehouse needs room at the
/// warehouse's outbound, the carrier's pickup there and the lane's origin hub at once; bulky goods need
/// room at the carrier's bulky pickup and the hub's bulky line (they do not pass the outbound); a node
/// of unknown capacity promises no room. Alerts point only where this says there is room, and the
/// contradiction check reads the same numbers.
/// </summary>
public sealed class PlanRoom
{
    private static readonly StringComparer Ord = StringComparer.Ordinal;
    private readonly int _hours;
    private readonly Dictionary<(LoadNodeKind, string, string), double[]> _room = [];
    private readonly Dictionary<string, (string Carrier, string Hub)[]> _lanesOf;
    private readonly Dictionary<string, string[]> _warehousesInto;
    private readonly int _lag;

    public PlanRoom(IReadOnlyList<NodeLoad> loads, NetworkModel network, int hours, int pickupLagHours = 1)
    {
        _hours = hours;
        _lag = pickupLagHours;
        foreach (var l in loads)
        {
            // A hub's sort capacity is its line for parcels picked up from warehouses (what the plan
            // constrains); parcels arriving from other regions are sorted on its inbound line.
            if (l.Capacity is null || l.Kind.IsDestinationSort()) continue;
            var room = new double[hours];
            for (var t = 0; t < hours; t++) room[t] = l.Capacity[t] - l.PlannedP90[t];
            _room[(l.Kind, l.Node, l.Kind.IsOriginSort() ? "" : l.Carrier ?? "")] = room;
        }
        _lanesOf = network.Lanes.GroupBy(l => l.Warehouse, Ord)
            .ToDictionary(g => g.Key, g => g.Select(l => (l.Carrier, l.Hub)).Distinct().OrderBy(x => x.Carrier, Ord).ThenBy(x => x.Hub, Ord).ToArray(), Ord);
        _warehousesInto = network.Lanes.GroupBy(l => l.Hub, Ord)
            .ToDictionary(g => g.Key, g => g.Select(l => l.Warehouse).Distinct().Order(Ord).ToArray(), Ord);
    }

    /// <summary>The lanes (carrier, origin hub) at a warehouse, by carrier then hub.</summary>
    public IReadOnlyList<(string Carrier, string Hub)> LanesAt(string warehouse) => _lanesOf.GetValueOrDefault(warehouse) ?? [];

    /// <summary>The warehouses with a lane into an origin hub, in code order.</summary>
    public IReadOnlyList<string> WarehousesInto(string hub) => _warehousesInto.GetValueOrDefault(hub) ?? [];

    /// <summary>Room at one node in hour t; null when its capacity is unknown (or it has no load and no capacity here).</summary>
    public double? At(LoadNodeKind kind, string node, string? carrier, int t)
    {
        if (t < 0 || t >= _hours) return null;
        if (kind.IsDestinationSort()) return null;
        var key = kind.IsOriginSort() ? (kind, node, "") : (kind, node, carrier ?? "");
        return _room.TryGetValue(key, out var r) ? r[t] : null;
    }

    /// <summary>
    /// Room to hand parcels to <paramref name="carrier"/> at <paramref name="warehouse"/> in hour t, bound
    /// for <paramref name="hub"/> (sorted an hour later): the least of the nodes' room; null if any is unknown.
    /// </summary>
    public double? Lane(string warehouse, string carrier, string hub, int t, HandlingClass handling = HandlingClass.Parcel)
    {
        var pickup = At(LoadNodeKinds.Of(LoadNodeKind.Pickup, handling), warehouse, carrier, t);
        var sort = At(LoadNodeKinds.Of(LoadNodeKind.OriginSort, handling), hub, carrier, t + _lag);
        if (pickup is null || sort is null) return null;
        var room = Math.Min(pickup.Value, sort.Value);
        if (handling == HandlingClass.Bulky) return room;
        return At(LoadNodeKind.Outbound, warehouse, null, t) is { } outbound ? Math.Min(outbound, room) : null;
    }

    /// <summary>
    /// Room at the alert's own node in hour t; a carrier's (parcel) pickup also needs room at the warehouse's outbound.
    /// </summary>
    public double? Node(LoadNodeKind kind, string node, string? carrier, int t)
    {
        var room = At(kind, node, carrier, t);
        if (kind != LoadNodeKind.Pickup || room is null) return room;
        return At(LoadNodeKind.Outbound, node, null, t) is { } outbound ? Math.Min(room.Value, outbound) : null;
    }

    /// <summary>Room of one option of an alert on a <paramref name="kind"/> node in hour t, by the rule the engine made it with.</summary>
    public double? Of(AlertOption option, LoadNodeKind kind, int t) => option.Warehouse is { } warehouse && option.Carrier is { } carrier
        ? Lane(warehouse, carrier, option.Node, t, LoadNodeKinds.Handling(kind))
        : Node(kind, option.Node, option.Carrier, t);
}
