using Logistics.Domain.Capacity;
using Logistics.Domain.Planning;

namespace Logistics.Scenarios.Evaluation;

/// <summary>
/// The campaign's realised handovers (the generator's hidden truth), as merchants would ship without the
/// service: per merchant-warehouse the parcels per horizon hour and per carrier, and the arrivals they
/// make at each handover node (outbound and pickup in the handover hour, the lane's origin hub a pickup
/// lag later), with each node's capacity.
/// </summary>
public sealed class Realised
{
    private Realised(int hours, int lag, Dictionary<(string Merchant, string Warehouse), Pair> pairs,
        Dictionary<NodeId, double[]> arrivals, Dictionary<NodeId, long[]> capacity, Dictionary<(string, string), string> laneHub, double parcels)
    {
        Hours = hours; Lag = lag; Pairs = pairs; Arrivals = arrivals; Capacity = capacity; LaneHub = laneHub; Parcels = parcels;
    }

    public int Hours { get; }
    public int Lag { get; }
    public double Parcels { get; }
    public IReadOnlyDictionary<(string Merchant, string Warehouse), Pair> Pairs { get; }
    /// <summary>Natural arrivals per handover node and hour.</summary>
    public IReadOnlyDictionary<NodeId, double[]> Arrivals { get; }
    /// <summary>Capacity per handover node (known capacity only).</summary>
    public IReadOnlyDictionary<NodeId, long[]> Capacity { get; }
    /// <summary>The origin hub of each (warehouse, carrier) lane.</summary>
    public IReadOnlyDictionary<(string Warehouse, string Carrier), string> LaneHub { get; }

    /// <summary>One merchant's realised parcels at one warehouse: per hour, and in all per carrier.</summary>
    public sealed class Pair(int hours)
    {
        public double[] Natural { get; } = new double[hours];
        public SortedDictionary<string, double> ByCarrier { get; } = new(StringComparer.Ordinal);
        public double Total { get; internal set; }
    }

    public static Realised Read(Scenario s, IReadOnlyList<CapacitySeries> capacities, int lag)
    {
        var campaign = s.Current;
        var hours = campaign.HorizonHours;
        var laneHub = new Dictionary<(string, string), string>();
        foreach (var l in s.Network.Lanes.OrderBy(l => l.Hub, StringComparer.Ordinal)) laneHub.TryAdd((l.Warehouse, l.Carrier), l.Hub);
        var pairs = new Dictionary<(string, string), Pair>();
        var arrivals = new Dictionary<NodeId, double[]>();
        double[] Series(NodeId id) => arrivals.TryGetValue(id, out var a) ? a : arrivals[id] = new double[hours];
        var midnight = new Dictionary<DateOnly, int>();
        double parcels = 0;
        foreach (var r in s.TrueOutcomes())
        {
            if (!midnight.TryGetValue(r.Date, out var day))
                midnight[r.Date] = day = (int)(campaign.LocalMidnightUtc(r.Date) - campaign.HorizonStartUtc).TotalHours;
            var t = day + r.Hour;
            if (t < 0 || t >= hours) continue;
            if (!pairs.TryGetValue((r.Merchant, r.Warehouse), out var pair)) pairs[(r.Merchant, r.Warehouse)] = pair = new Pair(hours);
            pair.Natural[t] += r.Parcels;
            pair.ByCarrier[r.Carrier] = pair.ByCarrier.GetValueOrDefault(r.Carrier) + r.Parcels;
            pair.Total += r.Parcels;
            parcels += r.Parcels;
            Series(new NodeId(LoadNodeKind.Outbound, r.Warehouse, ""))[t] += r.Parcels;
            Series(new NodeId(LoadNodeKind.Pickup, r.Warehouse, r.Carrier))[t] += r.Parcels;
            if (laneHub.TryGetValue((r.Warehouse, r.Carrier), out var hub) && t + lag < hours)
                Series(new NodeId(LoadNodeKind.OriginSort, hub, r.Carrier))[t + lag] += r.Parcels;
        }
        var hubCarrier = s.Network.Hubs.ToDictionary(h => h.Code, h => h.Carrier, StringComparer.Ordinal);
        var capacity = new Dictionary<NodeId, long[]>();
        foreach (var c in capacities)
        {
            // Bulky lines and truck slots are not parcel nodes: the replay scores parcels only until the planner plans bulky apart.
            if (c.Kind is CapacityKind.BulkySort or CapacityKind.BulkyPickup) continue;
            var id = c.Kind switch
            {
                CapacityKind.Outbound => new NodeId(LoadNodeKind.Outbound, c.Node, ""),
                CapacityKind.Pickup => new NodeId(LoadNodeKind.Pickup, c.Node, c.Carrier ?? ""),
                CapacityKind.Sort => new NodeId(LoadNodeKind.OriginSort, c.Node, hubCarrier.GetValueOrDefault(c.Node) ?? ""),
                _ => throw new ArgumentOutOfRangeException(nameof(capacities), c.Kind, "not a capacity kind"),
            };
            capacity[id] = [.. c.Parcels];
        }
        return new Realised(hours, lag, pairs, arrivals, capacity, laneHub, parcels);
    }
}
