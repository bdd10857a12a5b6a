using Logistics.Domain.Alerts;
using Logistics.Domain.Network;
using Logistics.Domain.Planning;

namespace Logistics.Scenarios.Evaluation;

/// <summary>
/// Which alerts each merchant sees: those on the nodes its windows hand parcels to (its warehouses'
/// outbound, its carriers' pickup there, their origin hubs), and the delay notices of the destination
/// hubs its forecast routes reach. Watch is for ops only.
/// </summary>
internal static class Audience
{
    public static void Note(PlanResult plan, HandoverDemand demand, IReadOnlyList<Alert> alerts, NetworkModel network,
        Dictionary<string, HashSet<string>> seenBy, Tally tally)
    {
        var byNode = new Dictionary<NodeId, List<string>>();
        foreach (var a in alerts.Where(a => a.ForMerchants))
        {
            var id = NodeId.Of(a);
            if (!byNode.TryGetValue(id, out var list)) byNode[id] = list = [];
            list.Add(a.Id);
        }
        var destination = new Dictionary<(string, string), string>();
        foreach (var h in network.Hubs.OrderBy(h => h.Code, StringComparer.Ordinal)) destination.TryAdd((h.Carrier, h.Region), h.Code);
        var index = network.Merchants.Select((m, i) => (m.Code, i)).ToDictionary(x => x.Code, x => x.i, StringComparer.Ordinal);
        var counts = new int[network.Merchants.Count];
        var mine = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        HashSet<string> Of(string merchant) => mine.TryGetValue(merchant, out var s) ? s : mine[merchant] = new HashSet<string>(StringComparer.Ordinal);
        void Take(string merchant, NodeId node)
        {
            if (byNode.TryGetValue(node, out var ids)) Of(merchant).UnionWith(ids);
        }
        foreach (var w in plan.Windows)
        {
            Take(w.Merchant, new NodeId(LoadNodeKind.Outbound, w.Warehouse, ""));
            Take(w.Merchant, new NodeId(LoadNodeKind.Pickup, w.Warehouse, w.Carrier));
            Take(w.Merchant, new NodeId(LoadNodeKind.OriginSort, w.Hub, w.Carrier));
        }
        foreach (var p in demand.Pairs)
            foreach (var (carrier, region) in p.Lines)
                if (destination.TryGetValue((carrier, region), out var hub)) Take(p.Merchant, new NodeId(LoadNodeKind.DestinationSort, hub, carrier));
        foreach (var (merchant, ids) in mine)
        {
            if (index.TryGetValue(merchant, out var i)) counts[i] = ids.Count;
            if (!seenBy.TryGetValue(merchant, out var all)) seenBy[merchant] = all = new HashSet<string>(StringComparer.Ordinal);
            all.UnionWith(ids);
        }
        tally.PerMerchant = counts;
    }
}
