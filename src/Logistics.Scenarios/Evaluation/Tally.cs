using Logistics.Domain.Alerts;
using Logistics.Domain.Handling;

namespace Logistics.Scenarios.Evaluation;

/// <summary>The counts behind one run's figures in one scope (a handling class, or all when null); runs add up into the whole replay's.</summary>
internal sealed class Tally
{
    public long TruePositive, FalsePositive, FalseNegative;
    public int Contradictions, Created, Churned, Merged, Blocked, Warning, Delay;
    public double QueuedIgnoring, QueuedFollowing, Late, Parcels;
    public int[] PerMerchant = [];

    public static Tally Of(Truth truth, Realised realised, IReadOnlyList<Alert> allAlerts, Following.Result following, int contradictions, HandlingClass? scope)
    {
        var alerts = allAlerts.Where(a => NodeId.In(scope, a.NodeKind)).ToList();
        var tally = new Tally
        {
            Contradictions = contradictions,
            Blocked = alerts.Count(a => a.Level == AlertLevel.Blocked),
            Warning = alerts.Count(a => a.Level == AlertLevel.Warning),
            Delay = alerts.Count(a => a.Level == AlertLevel.Delay),
            QueuedIgnoring = truth.QueuedParcelHours(scope),
            QueuedFollowing = Truth.Queued(following.Arrivals, realised.Capacity, scope),
            Late = scope is { } h ? following.LateParcels[(int)h] : following.LateParcels.Sum(),
            Parcels = realised.Parcels(scope),
        };
        var predicted = new Dictionary<NodeId, bool[]>();
        foreach (var a in alerts.Where(a => a.Level == AlertLevel.Blocked))
        {
            var id = NodeId.Of(a);
            if (!predicted.TryGetValue(id, out var p)) predicted[id] = p = new bool[realised.Hours];
            for (var t = Math.Max(0, a.StartHour); t < Math.Min(realised.Hours, a.EndHour); t++) p[t] = true;
        }
        foreach (var (id, over) in truth.Overloaded)
        {
            if (!NodeId.In(scope, id.Kind)) continue;
            var p = predicted.GetValueOrDefault(id);
            for (var t = 0; t < over.Length; t++)
            {
                var hit = p?[t] ?? false;
                if (hit && over[t]) tally.TruePositive++;
                else if (hit) tally.FalsePositive++;
                else if (over[t]) tally.FalseNegative++;
            }
        }
        // Blocked hours on nodes whose realised load or capacity is unknown are all false.
        foreach (var (id, p) in predicted)
            if (!truth.Overloaded.ContainsKey(id)) tally.FalsePositive += p.Count(x => x);
        return tally;
    }

    public static Tally Sum(IEnumerable<Tally> tallies)
    {
        var sum = new Tally();
        foreach (var t in tallies)
        {
            sum.TruePositive += t.TruePositive; sum.FalsePositive += t.FalsePositive; sum.FalseNegative += t.FalseNegative;
            sum.Contradictions += t.Contradictions; sum.Created += t.Created; sum.Churned += t.Churned; sum.Merged += t.Merged;
            sum.Blocked += t.Blocked; sum.Warning += t.Warning; sum.Delay += t.Delay;
            sum.QueuedIgnoring += t.QueuedIgnoring; sum.QueuedFollowing += t.QueuedFollowing; sum.Late += t.Late; sum.Parcels += t.Parcels;
        }
        return sum;
    }

    /// <param name="seenBy">Over a whole replay: the alert ids each merchant saw, counted when <paramref name="inScope"/> (all when null).</param>
    public EvaluationFigures Figures(Truth truth, (double[] Leads, int Truth) lead, string[] merchants, Dictionary<string, HashSet<string>>? seenBy,
        HandlingClass? scope, Func<string, bool>? inScope)
    {
        var perMerchant = seenBy is null ? PerMerchant
            : merchants.Select(m => seenBy.TryGetValue(m, out var ids) ? (inScope is null ? ids.Count : ids.Count(inScope)) : 0).ToArray();
        var sorted = perMerchant.Order().ToArray();
        return new EvaluationFigures(
            Contradictions,
            Ratio(TruePositive, TruePositive + FalsePositive),
            Ratio(TruePositive, TruePositive + FalseNegative),
            lead.Truth == 0 ? 1 : Math.Round(lead.Leads.Count(l => l >= 48) / (double)lead.Truth, 3),
            Math.Round(Quantile(lead.Leads, 0.5), 1),
            Math.Round(Quantile(lead.Leads, 0.1), 1),
            QueuedIgnoring <= 0 ? 1 : Math.Round(1 - QueuedFollowing / QueuedIgnoring, 3),
            Parcels <= 0 ? 0 : Math.Round(Late / Parcels, 4),
            Created == 0 ? 0 : Math.Round(Churned / (double)Created, 3),
            sorted.Length == 0 ? 0 : Quantile(sorted.Select(x => (double)x).ToArray(), 0.5),
            sorted.Length == 0 ? 0 : sorted[^1],
            Blocked, Warning, Delay, truth.Count(scope),
            Math.Round(QueuedIgnoring), Math.Round(QueuedFollowing),
            Created == 0 ? 0 : Math.Round(Merged / (double)Created, 3));
    }

    private static double Ratio(long a, long b) => b == 0 ? 1 : Math.Round(a / (double)b, 3);

    /// <summary>The q-quantile of sorted values (nearest rank), 0 when there are none.</summary>
    private static double Quantile(double[] sorted, double q) =>
        sorted.Length == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Length) - 1, 0, sorted.Length - 1)];
}
