using Logistics.Domain.Alerts;

namespace Logistics.Scenarios.Evaluation;

/// <summary>
/// What really happens at each handover node if merchants ignore the service: an hour is overloaded
/// when a parcel handed over then would wait more than the blocked wait (the rule the alerts use,
/// applied to realised demand), and the realised parcel-hours queued beyond capacity.
/// </summary>
public sealed class Truth
{
    private Truth(Dictionary<NodeId, bool[]> overloaded, int count, double queued)
    {
        Overloaded = overloaded; Count = count; QueuedParcelHours = queued;
    }

    public IReadOnlyDictionary<NodeId, bool[]> Overloaded { get; }
    public int Count { get; }
    public double QueuedParcelHours { get; }

    public static Truth Of(Realised realised, AlertThresholds th)
    {
        var overloaded = new Dictionary<NodeId, bool[]>();
        var count = 0;
        foreach (var (id, capacity) in realised.Capacity)
        {
            if (!realised.Arrivals.TryGetValue(id, out var arrivals)) continue;
            var wait = QueueWait.Hours(arrivals, capacity);
            var over = new bool[wait.Length];
            for (var t = 0; t < wait.Length; t++)
                if (wait[t] > th.BlockedWaitHours) { over[t] = true; count++; }
            overloaded[id] = over;
        }
        return new Truth(overloaded, count, Queued(realised.Arrivals, realised.Capacity));
    }

    /// <summary>Parcel-hours queued beyond capacity at the nodes of known capacity.</summary>
    public static double Queued(IReadOnlyDictionary<NodeId, double[]> arrivals, IReadOnlyDictionary<NodeId, long[]> capacity)
    {
        double queued = 0;
        foreach (var (id, series) in arrivals)
            if (capacity.TryGetValue(id, out var cap))
                foreach (var b in QueueWait.Backlog(series, cap)) queued += b;
        return queued;
    }
}
