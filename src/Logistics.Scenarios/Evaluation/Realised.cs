using Logistics.Domain.Capacity;
using Logistics.Domain.Handling;
using Logistics.Domain.Planning;

namespace Logistics.Scenarios.Evaluation;

/// <summary>
/// The campaign's realised handovers (the generator's hidden truth), as merchants would ship without the
/// service: per merchant-warehouse-class the parcels per horizon hour and per carrier, and the arrivals
/// they make at each handover node of their class (outbound, for parcels only, and pickup in the
/// handover hour, the lane's origin hub a pickup lag later), with each node's capacity.
/// </summary>
public sealed class Realised
{
    private Realised(int hours, int lag, Dictionary<(string, string, HandlingClass), Pair> pairs,
        Dictionary<NodeId, double[]> arrivals, Dictionary<NodeId, long[]> capacity, ClassRoutes routes, double[] parcels)
    {
        Hours = hours; Lag = lag; Pairs = pairs; Arrivals = arrivals; Capacity = capacity; Routes = routes; _parcels = parcels;
    }

    private readonly double[] _parcels;

    public int Hours { get; }
    public int Lag { get; }
    /// <summary>All realised parcels, or one class's.</summary>
    public double Parcels(HandlingClass? handling = null) => handling is { } h ? _parcels[(int)h] : _parcels.Sum();
    public IReadOnlyDictionary<(string Merchant, string Warehouse, HandlingClass Handling), Pair> Pairs { get; }
    /// <summary>Natural arrivals per handover node and hour.</summary>
    public IReadOnlyDictionary<NodeId, double[]> Arrivals { get; }
    /// <summary>Capacity per handover node (known capacity only).</summary>
    public IReadOnlyDictionary<NodeId, long[]> Capacity { get; }
    /// <summary>Each class's origin lane per (warehouse, carrier): a bulky one goes to a hub with a bulky line.</summary>
    public ClassRoutes Routes { get; }

    /// <summary>One merchant's realised parcels of one class at one warehouse: per hour, and in all per carrier.</summary>
    public sealed class Pair(int hours)
    {
        public double[] Natural { get; } = new double[hours];
        public SortedDictionary<string, double> ByCarrier { get; } = new(StringComparer.Ordinal);
        public double Total { get; internal set; }
    }

    /// <summary>
    /// Adds parcels a carrier takes at a warehouse in hour t to their pickup node (the class's) and, a pickup
    /// lag later, the lane's origin hub. The outbound, which bulky goods do not pass, the caller adds.
    /// </summary>
    internal void Hand(Func<NodeId, double[]> series, HandlingClass handling, string warehouse, string carrier, string? hub, int t, double parcels)
    {
        series(new NodeId(LoadNodeKinds.Of(LoadNodeKind.Pickup, handling), warehouse, carrier))[t] += parcels;
        if (hub is not null && t + Lag < Hours) series(new NodeId(LoadNodeKinds.Of(LoadNodeKind.OriginSort, handling), hub, carrier))[t + Lag] += parcels;
    }

    public static Realised Read(Scenario s, IReadOnlyList<CapacitySeries> capacities, int lag)
    {
        var campaign = s.Current;
        var hours = campaign.HorizonHours;
        var routes = new ClassRoutes(s.Network, HandoverDemandBuilder.BulkyLines(capacities));
        var pairs = new Dictionary<(string, string, HandlingClass), Pair>();
        var arrivals = new Dictionary<NodeId, double[]>();
        double[] Series(NodeId id) => arrivals.TryGetValue(id, out var a) ? a : arrivals[id] = new double[hours];
        var midnight = new Dictionary<DateOnly, int>();
        var parcels = new double[HandlingClasses.Names.Count];
        var capacity = new Dictionary<NodeId, long[]>();
        var realised = new Realised(hours, lag, pairs, arrivals, capacity, routes, parcels);
        foreach (var r in s.TrueOutcomes())
        {
            if (!midnight.TryGetValue(r.Date, out var day))
                midnight[r.Date] = day = (int)(campaign.LocalMidnightUtc(r.Date) - campaign.HorizonStartUtc).TotalHours;
            var t = day + r.Hour;
            if (t < 0 || t >= hours) continue;
            var key = (r.Merchant, r.Warehouse, r.Handling);
            if (!pairs.TryGetValue(key, out var pair)) pairs[key] = pair = new Pair(hours);
            pair.Natural[t] += r.Parcels;
            pair.ByCarrier[r.Carrier] = pair.ByCarrier.GetValueOrDefault(r.Carrier) + r.Parcels;
            pair.Total += r.Parcels;
            parcels[(int)r.Handling] += r.Parcels;
            if (r.Handling == HandlingClass.Parcel) Series(new NodeId(LoadNodeKind.Outbound, r.Warehouse, ""))[t] += r.Parcels;
            realised.Hand(Series, r.Handling, r.Warehouse, r.Carrier, routes.OriginLane(r.Handling, r.Warehouse, r.Carrier)?.Hub, t, r.Parcels);
        }
        var hubCarrier = s.Network.Hubs.ToDictionary(h => h.Code, h => h.Carrier, StringComparer.Ordinal);
        foreach (var c in capacities)
        {
            var id = c.Kind switch
            {
                CapacityKind.Outbound => new NodeId(LoadNodeKind.Outbound, c.Node, ""),
                CapacityKind.Pickup => new NodeId(LoadNodeKind.Pickup, c.Node, c.Carrier ?? ""),
                CapacityKind.Sort => new NodeId(LoadNodeKind.OriginSort, c.Node, hubCarrier.GetValueOrDefault(c.Node) ?? ""),
                CapacityKind.BulkyPickup => new NodeId(LoadNodeKind.BulkyPickup, c.Node, c.Carrier ?? ""),
                CapacityKind.BulkySort => new NodeId(LoadNodeKind.BulkyOriginSort, c.Node, hubCarrier.GetValueOrDefault(c.Node) ?? ""),
                _ => throw new ArgumentOutOfRangeException(nameof(capacities), c.Kind, "not a capacity kind"),
            };
            capacity[id] = [.. c.Parcels];
        }
        return realised;
    }
}
