using Logistics.Domain.Alerts;
using Logistics.Domain.Handling;
using Logistics.Domain.Network;
using Logistics.Domain.Planning;

namespace Logistics.Scenarios.Evaluation;

/// <summary>
/// Which alerts each merchant sees: those on the nodes its windows hand parcels to (its warehouses'
/// outbound, its carriers' pickup there, their origin hubs; for bulky windows the truck slots and bulky
/// lines), and the delay notices of the destination hubs (or bulky lines) its forecast routes reach.
/// Watch is for ops only.
/// </summary>
internal static class Audience
{
    /// <summary>Each merchant's alert ids of this run, also added to <paramref name="seenBy"/> (all runs).</summary>
    public static Dictionary<string, HashSet<string>> Note(PlanResult plan, HandoverDemand demand, IReadOnlyList<Alert> alerts, ClassRoutes routes,
        Dictionary<string, HashSet<string>> seenBy)
    {
        var byNode = new Dictionary<NodeId, List<string>>();
        foreach (var a in alerts.Where(a => a.ForMerchants))
        {
            var id = NodeId.Of(a);
            if (!byNode.TryGetValue(id, out var list)) byNode[id] = list = [];
            list.Add(a.Id);
        }
        var mine = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        HashSet<string> Of(string merchant) => mine.TryGetValue(merchant, out var s) ? s : mine[merchant] = new HashSet<string>(StringComparer.Ordinal);
        void Take(string merchant, NodeId node)
        {
            if (byNode.TryGetValue(node, out var ids)) Of(merchant).UnionWith(ids);
        }
        foreach (var w in plan.Windows)
        {
            if (w.Handling == HandlingClass.Parcel) Take(w.Merchant, new NodeId(LoadNodeKind.Outbound, w.Warehouse, ""));
            Take(w.Merchant, new NodeId(LoadNodeKinds.Of(LoadNodeKind.Pickup, w.Handling), w.Warehouse, w.Carrier));
            Take(w.Merchant, new NodeId(LoadNodeKinds.Of(LoadNodeKind.OriginSort, w.Handling), w.Hub, w.Carrier));
        }
        foreach (var p in demand.Pairs)
            foreach (var (carrier, region) in p.Lines)
                if (routes.DestinationHub(p.Handling, carrier, region) is { } hub)
                    Take(p.Merchant, new NodeId(LoadNodeKinds.Of(LoadNodeKind.DestinationSort, p.Handling), hub, carrier));
        foreach (var (merchant, ids) in mine)
        {
            if (!seenBy.TryGetValue(merchant, out var all)) seenBy[merchant] = all = new HashSet<string>(StringComparer.Ordinal);
            all.UnionWith(ids);
        }
        return mine;
    }

    /// <summary>Per merchant (in network order), how many of its alert ids are in scope.</summary>
    public static int[] Counts(Dictionary<string, HashSet<string>> mine, NetworkModel network, Func<string, bool>? inScope)
    {
        var counts = new int[network.Merchants.Count];
        for (var i = 0; i < counts.Length; i++)
            if (mine.TryGetValue(network.Merchants[i].Code, out var ids)) counts[i] = inScope is null ? ids.Count : ids.Count(inScope);
        return counts;
    }
}
