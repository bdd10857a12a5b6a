using Logistics.Domain.Forecasting;
using Logistics.Domain.Handling;
using Logistics.Domain.Network;
using Logistics.Domain.Planning;

namespace Logistics.Domain.Alerts;

/// <summary>The merchants whose planned or forecast flow touches one node (sorted ordinal).</summary>
public sealed record NodeAudience(LoadNodeKind Kind, string Node, string? Carrier, IReadOnlyList<string> Merchants);

/// <summary>
/// Who an alert concerns: a merchant is concerned when its planned handovers or its forecast touch the
/// alert's node (same rules as the loads: origin hub via the lane, destination hub via the carrier's
/// hub in the parcel's region). Whether a blocked alert is broadcast to everyone is the caller's policy.
/// Bulky flow touches the bulky kinds: the carrier's bulky pickup and the hubs' bulky lines (only hubs in
/// <c>bulkyLines</c> have one), never the outbound.
/// </summary>
public static class AlertAudience
{
    public static IReadOnlyList<NodeAudience> Build(PlanResult plan, IReadOnlyList<HandoverForecast> forecast, NetworkModel network,
        IReadOnlySet<string>? bulkyLines = null)
    {
        var ord = StringComparer.Ordinal;
        var routes = new ClassRoutes(network, bulkyLines);
        var regions = new Dictionary<(string, string, HandlingClass), SortedSet<string>>();
        foreach (var f in forecast)
        {
            if (!regions.TryGetValue((f.Merchant, f.Warehouse, f.Handling), out var set)) regions[(f.Merchant, f.Warehouse, f.Handling)] = set = new(ord);
            set.Add(f.Region);
        }

        var touches = new HashSet<(LoadNodeKind, string, string, string)>();
        void Touch(string merchant, string warehouse, HandlingClass handling, string carrier, string? hub, IEnumerable<string> regionsOf)
        {
            if (handling == HandlingClass.Parcel) touches.Add((LoadNodeKind.Outbound, warehouse, "", merchant));
            touches.Add((LoadNodeKinds.Of(LoadNodeKind.Pickup, handling), warehouse, carrier, merchant));
            if (hub is null) return;
            touches.Add((LoadNodeKinds.Of(LoadNodeKind.OriginSort, handling), hub, carrier, merchant));
            foreach (var r in regionsOf)
                if (routes.DestinationHub(handling, carrier, r) is { } dh)
                    touches.Add((LoadNodeKinds.Of(LoadNodeKind.DestinationSort, handling), dh, carrier, merchant));
        }
        foreach (var h in plan.Handovers)
            Touch(h.Merchant, h.Warehouse, h.Handling, h.Carrier, h.Hub, regions.GetValueOrDefault((h.Merchant, h.Warehouse, h.Handling)) ?? []);
        foreach (var f in forecast)
            Touch(f.Merchant, f.Warehouse, f.Handling, f.Carrier, routes.OriginLane(f.Handling, f.Warehouse, f.Carrier)?.Hub, [f.Region]);

        return touches
            .GroupBy(t => (t.Item1, t.Item2, t.Item3))
            .OrderBy(g => g.Key.Item1).ThenBy(g => g.Key.Item2, ord).ThenBy(g => g.Key.Item3, ord)
            .Select(g => new NodeAudience(g.Key.Item1, g.Key.Item2, g.Key.Item1 == LoadNodeKind.Outbound ? null : g.Key.Item3,
                g.Select(t => t.Item4).Order(ord).ToArray()))
            .ToArray();
    }
}
