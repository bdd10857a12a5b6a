using Logistics.Domain.Alerts;
using Logistics.Domain.Handling;
using Logistics.Domain.Network;
using Logistics.Domain.Planning;
using Logistics.Server.Publication;

namespace Logistics.Server.Planning;

/// <summary>
/// Whom each alert concerns, merchant by merchant: the alerts on the nodes its windows and forecast
/// touch (its warehouses' outbound, its carriers' pickup there, their origin hubs), and the delay
/// notices of the destination hub of each region it is forecast to ship to. Its bulky goods touch the
/// bulky kinds instead: its carriers' bulky pickup, the origin hubs' bulky lines (only hubs with one),
/// and the destination hubs' bulky lines; never the outbound. Watch is for ops only. At national scale that is some twenty million
/// entries, so nodes are numbered once (only those with an alert), each lane and line is resolved to
/// node numbers once, and a merchant's nodes are told apart by a stamp per node rather than a set of
/// string keys: each merchant's list comes out with every alert once.
/// </summary>
internal sealed class AudienceBuilder
{
    private readonly List<int>[] _alertsOf;                   // per node number, its alerts (positions in the run's list)
    private readonly int[] _stamp;                            // per node number, the last merchant that took it (1-based)
    private readonly Dictionary<(LoadNodeKind, string, string?), int> _nodes = new();
    private readonly Dictionary<(string Warehouse, HandlingClass Handling, string Carrier, string Hub), int[]> _laneNodes = new();
    private readonly Dictionary<(string Warehouse, HandlingClass Handling, string Carrier), int[]> _carrierNodes = new();
    private readonly Dictionary<string, int[]> _outbound = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Carrier, string Region), int>[] _lineNode = [new(), new()]; // per class
    private readonly Dictionary<(string, string), List<string>> _hubsOf;
    private readonly Dictionary<string, string> _hubCarrier;
    private readonly IReadOnlySet<string> _bulkyLines;

    /// <param name="bulkyLines">The hubs with a bulky line (see <see cref="HandoverDemandBuilder.BulkyLines"/>).</param>
    public AudienceBuilder(NetworkModel network, IReadOnlyList<Alert> alerts, IReadOnlySet<string> bulkyLines)
    {
        _bulkyLines = bulkyLines;
        var lists = new List<List<int>>();
        for (var i = 0; i < alerts.Count; i++)
        {
            if (!alerts[i].ForMerchants) continue;   // watch: for ops, who read every alert
            var key = (alerts[i].NodeKind, alerts[i].Node, alerts[i].Carrier);
            if (!_nodes.TryGetValue(key, out var node)) { _nodes[key] = node = lists.Count; lists.Add([]); }
            lists[node].Add(i);
        }
        _alertsOf = [.. lists];
        _stamp = new int[_alertsOf.Length];
        _hubsOf = network.Lanes.GroupBy(l => (l.Warehouse, l.Carrier)).ToDictionary(g => g.Key, g => g.Select(l => l.Hub).ToList());
        _hubCarrier = network.Hubs.ToDictionary(h => h.Code, h => h.Carrier);
        // A forecast line (carrier, region) reaches the carrier's destination hub of its class in that region.
        var routes = new ClassRoutes(network, bulkyLines);
        foreach (var (carrier, region) in network.Hubs.Select(h => (h.Carrier, h.Region)).Distinct())
            foreach (var handling in new[] { HandlingClass.Parcel, HandlingClass.Bulky })
                if (routes.DestinationHub(handling, carrier, region) is { } hub
                    && _nodes.TryGetValue((LoadNodeKinds.Of(LoadNodeKind.DestinationSort, handling), hub, carrier), out var node))
                    _lineNode[(int)handling][(carrier, region)] = node;
    }

    /// <summary>
    /// The audiences, in merchant order. Windows (their lanes: a window per lane and merchant, in the
    /// windows' order) and forecast pairs both come sorted by merchant (ordinal).
    /// </summary>
    public IEnumerable<MerchantAudience> Audiences(PlannedWindows.WindowLanes lanes, IReadOnlyList<MerchantDemand> pairs)
    {
        var window = 0;
        var pair = 0;
        var merchants = 0;
        string? previous = null;
        while (window < lanes.Count || pair < pairs.Count)
        {
            var merchant = window == lanes.Count ? pairs[pair].Merchant
                : pair == pairs.Count || string.CompareOrdinal(lanes[window].Merchant, pairs[pair].Merchant) <= 0 ? lanes[window].Merchant
                : pairs[pair].Merchant;
            if (previous is not null && string.CompareOrdinal(previous, merchant) >= 0)
                throw new InvalidOperationException($"the plan's windows or forecast pairs are not sorted by merchant ('{previous}' before '{merchant}')");
            previous = merchant;
            var stamp = ++merchants;
            var concerned = new List<int>();
            void Take(int[] nodes)
            {
                foreach (var node in nodes)
                    if (_stamp[node] != stamp)
                    {
                        _stamp[node] = stamp;
                        concerned.AddRange(_alertsOf[node]);
                    }
            }
            // Windows touch what the plan's handovers touch (a window is a run of them).
            for (; window < lanes.Count && lanes[window].Merchant == merchant; window++)
                Take(LaneNodes(lanes[window]));
            for (; pair < pairs.Count && pairs[pair].Merchant == merchant; pair++)
            {
                var p = pairs[pair];
                if (p.Lines.Count == 0) continue;
                if (p.Handling == HandlingClass.Parcel) Take(Outbound(p.Warehouse));
                var lineNode = _lineNode[(int)p.Handling];
                string? carrier = null;
                foreach (var line in p.Lines)   // sorted by carrier, then region
                {
                    if (!string.Equals(line.Carrier, carrier, StringComparison.Ordinal))
                    {
                        carrier = line.Carrier;
                        Take(CarrierNodes(p.Warehouse, p.Handling, carrier));
                    }
                    if (lineNode.Count > 0 && lineNode.TryGetValue(line, out var destination) && _stamp[destination] != stamp)
                    {
                        _stamp[destination] = stamp;
                        concerned.AddRange(_alertsOf[destination]);
                    }
                }
            }
            if (concerned.Count > 0) yield return new MerchantAudience(merchant, concerned);
        }
    }

    private int[] LaneNodes(ShipmentWindow w)
    {
        var key = (w.Warehouse, w.Handling, w.Carrier, w.Hub);
        if (!_laneNodes.TryGetValue(key, out var nodes))
            _laneNodes[key] = nodes = w.Handling == HandlingClass.Parcel
                ? Known((LoadNodeKind.Outbound, w.Warehouse, null), (LoadNodeKind.Pickup, w.Warehouse, w.Carrier),
                    (LoadNodeKind.OriginSort, w.Hub, _hubCarrier.GetValueOrDefault(w.Hub)))
                : Known((LoadNodeKind.BulkyPickup, w.Warehouse, w.Carrier), (LoadNodeKind.BulkyOriginSort, w.Hub, _hubCarrier.GetValueOrDefault(w.Hub)));
        return nodes;
    }

    private int[] Outbound(string warehouse)
    {
        if (!_outbound.TryGetValue(warehouse, out var nodes)) _outbound[warehouse] = nodes = Known((LoadNodeKind.Outbound, warehouse, null));
        return nodes;
    }

    /// <summary>A carrier's pickup at the warehouse and its origin hubs there, of one class (bulky: the hubs with a bulky line).</summary>
    private int[] CarrierNodes(string warehouse, HandlingClass handling, string carrier)
    {
        if (!_carrierNodes.TryGetValue((warehouse, handling, carrier), out var nodes))
        {
            var hubs = (_hubsOf.GetValueOrDefault((warehouse, carrier)) ?? []).Where(hub => handling == HandlingClass.Parcel || _bulkyLines.Contains(hub));
            _carrierNodes[(warehouse, handling, carrier)] = nodes = Known([(LoadNodeKinds.Of(LoadNodeKind.Pickup, handling), warehouse, carrier),
                .. hubs.Select(hub => (LoadNodeKinds.Of(LoadNodeKind.OriginSort, handling), hub, (string?)carrier))]);
        }
        return nodes;
    }

    /// <summary>The numbers of those nodes that have an alert.</summary>
    private int[] Known(params (LoadNodeKind, string, string?)[] keys) =>
        [.. keys.Select(k => _nodes.TryGetValue(k, out var n) ? n : -1).Where(n => n >= 0).Distinct()];
}
