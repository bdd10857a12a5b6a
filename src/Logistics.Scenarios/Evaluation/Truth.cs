using Logistics.Domain.Alerts;
using Logistics.Domain.Handling;

namespace Logistics.Scenarios.Evaluation;

/// <summary>
/// What really happens at each handover node if merchants ignore the service: an hour is overloaded
/// when a parcel handed over then would wait more than the blocked wait (the rule the alerts use,
/// applied to realised demand), and the realised parcel-hours queued beyond capacity.
/// </summary>
public sealed class Truth
{
    private Truth(Dictionary<NodeId, bool[]> overloaded, Realised realised)
    {
        Overloaded = overloaded; _realised = realised;
    }

    private readonly Realised _realised;

    public IReadOnlyDictionary<NodeId, bool[]> Overloaded { get; }

    /// <summary>Truly overloaded node-hours of a scope (one class, or all when null).</summary>
    public int Count(HandlingClass? scope = null) => Overloaded.Where(kv => NodeId.In(scope, kv.Key.Kind)).Sum(kv => kv.Value.Count(x => x));

    /// <summary>Parcel-hours queued beyond capacity as merchants would ship, in a scope.</summary>
    public double QueuedParcelHours(HandlingClass? scope = null) =>
        _queued[scope is { } h ? (int)h + 1 : 0] ??= Queued(_realised.Arrivals, _realised.Capacity, scope);

    private readonly double?[] _queued = new double?[1 + HandlingClasses.Names.Count];

    public static Truth Of(Realised realised, AlertThresholds th)
    {
        var overloaded = new Dictionary<NodeId, bool[]>();
        foreach (var (id, capacity) in realised.Capacity)
        {
            if (!realised.Arrivals.TryGetValue(id, out var arrivals)) continue;
            var wait = QueueWait.Hours(arrivals, capacity);
            var over = new bool[wait.Length];
            for (var t = 0; t < wait.Length; t++)
                over[t] = wait[t] > th.BlockedWaitHours;
            overloaded[id] = over;
        }
        return new Truth(overloaded, realised);
    }

    /// <summary>Parcel-hours queued beyond capacity at the nodes of known capacity in a scope (one class, or all when null).</summary>
    public static double Queued(IReadOnlyDictionary<NodeId, double[]> arrivals, IReadOnlyDictionary<NodeId, long[]> capacity, HandlingClass? scope = null)
    {
        double queued = 0;
        foreach (var (id, series) in arrivals)
            if (NodeId.In(scope, id.Kind) && capacity.TryGetValue(id, out var cap))
                foreach (var b in QueueWait.Backlog(series, cap)) queued += b;
        return queued;
    }
}
