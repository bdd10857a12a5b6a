using Logistics.Domain.Alerts;
using Logistics.Domain.Planning;

namespace Logistics.Scenarios.Evaluation;

/// <summary>
/// The blocked rule's precision and recall had each run known every node's realised campaign total,
/// but not how it falls over days and hours: the run's P50 load, scaled per node to the realised
/// total, through the same queue wait and threshold. The gap between these figures and 1 is the
/// world's day-to-day noise, which no forecast of totals sees; the gap between the replay's figures
/// and these is the forecast's error on totals (and alert merging).
/// </summary>
public sealed record KnownTotals(double BlockedPrecision, double BlockedRecall)
{
    /// <summary>Adds one run's node-hour counts to <paramref name="counts"/> (true positives, false positives, false negatives).</summary>
    internal static void Count(IReadOnlyList<NodeLoad> loads, IReadOnlyDictionary<NodeId, double[]> arrivalsByNode,
        IReadOnlyDictionary<NodeId, bool[]> overloaded, AlertThresholds th, long[] counts)
    {
        foreach (var l in loads)
        {
            var id = NodeId.Of(l);
            if (l.Capacity is null || !overloaded.TryGetValue(id, out var over) || !arrivalsByNode.TryGetValue(id, out var arrivals)) continue;
            var forecast = l.UnshavedP50.Sum();
            var scale = forecast > 0 ? arrivals.Sum() / forecast : 1;
            var wait = QueueWait.Hours(l.UnshavedP50.Select(x => x * scale).ToArray(), l.Capacity);
            for (var t = 0; t < over.Length; t++)
            {
                var hit = wait[t] > th.BlockedWaitHours;
                if (hit && over[t]) counts[0]++;
                else if (hit) counts[1]++;
                else if (over[t]) counts[2]++;
            }
        }
    }

    internal static KnownTotals Of(long[] counts) => new(
        counts[0] + counts[1] == 0 ? 1 : Math.Round(counts[0] / (double)(counts[0] + counts[1]), 3),
        counts[0] + counts[2] == 0 ? 1 : Math.Round(counts[0] / (double)(counts[0] + counts[2]), 3));
}
