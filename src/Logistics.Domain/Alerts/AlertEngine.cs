using Logistics.Domain.Planning;

namespace Logistics.Domain.Alerts;

/// <summary>
/// Derives alerts from a plan and carries them across runs with hysteresis.
///
/// Handover nodes (outbound, pickup, origin hub) are queues (<see cref="QueueWait"/>): an hour is blocked
/// when a parcel handed over then, as merchants would ship without the service (the unshaved P50), would
/// wait more than <see cref="AlertThresholds.BlockedWaitHours"/>; a warning when that holds at P90; watch
/// (ops only) when the plan's P90 load fills the node. Destination hubs give delay notices: the plan's
/// own parcels queue there. The windows come
/// from the same plan, which never loads a node beyond its capacity, so an alert never contradicts them:
/// a blocked node still takes what the windows reserve.
///
/// A previous alert holds its level over the hours of its range that stay within the clear margin, and
/// over its whole range for up to ClearAfterRuns runs just below it. Gaps of up to BridgeHours between
/// hours of a level are bridged; maximal runs of one level are the alerts. Each keeps the id of the
/// overlapping previous alert on the same node (same level first, then largest overlap, earliest start,
/// id); a version changes only when what a merchant sees changes. An alert whose end is not after now
/// has ended: it leaves the list with an Ended event. One that a longer alert of its node now covers is
/// cleared as merged into it (<see cref="AlertEvent.MergedInto"/>): its advice stands.
/// </summary>
public static class AlertEngine
{
    private static readonly StringComparer Ord = StringComparer.Ordinal;
    private static readonly AlertLevel[] HandoverLevels = [AlertLevel.Blocked, AlertLevel.Warning, AlertLevel.Watch];
    private const int MaxOptions = 3;
    /// <summary>Room below this is not worth sending a merchant to.</summary>
    private const long MinRoomParcels = 10;

    public static AlertRunResult Evaluate(AlertInput input)
    {
        var hours = input.HorizonHours;
        var th = input.Thresholds ?? AlertThresholds.Default;
        var now = input.NowHour ?? int.MinValue;
        var byNode = new SortedDictionary<NodeKey, NodeLoad>();
        foreach (var l in input.Loads) byNode.TryAdd(new NodeKey(l.Kind, l.Node, l.Carrier ?? ""), l);
        var previousByNode = new SortedDictionary<NodeKey, List<Alert>>();
        foreach (var a in input.Previous)
        {
            var key = new NodeKey(a.NodeKind, a.Node, a.Carrier ?? "");
            if (!previousByNode.TryGetValue(key, out var list)) previousByNode[key] = list = [];
            list.Add(a);
        }
        var room = new PlanRoom(input.Loads, input.Network, hours);
        var regionOf = input.Network.Hubs.GroupBy(h => h.Code, Ord).ToDictionary(g => g.Key, g => g.First().Region, Ord);
        var usedIds = new HashSet<string>(input.Previous.Select(a => a.Id), Ord);
        var inForce = new List<Alert>();
        var events = new List<AlertEvent>();

        foreach (var key in byNode.Keys.Union(previousByNode.Keys).Order())
        {
            var load = byNode.GetValueOrDefault(key);
            var prevs = previousByNode.GetValueOrDefault(key) ?? [];
            prevs.Sort((a, b) => a.StartHour != b.StartHour ? a.StartHour.CompareTo(b.StartHour) : Ord.Compare(a.Id, b.Id));
            var evidence = load?.Capacity is null ? null : Evidence.Of(load, th, hours);

            var level = new AlertLevel[hours];
            if (evidence is not null)
                for (var t = 0; t < hours; t++) level[t] = evidence.RawLevel(t);

            // Hysteresis: previous alerts that have not ended hold their level while in grace.
            var graceRuns = new int[prevs.Count];
            for (var i = 0; i < prevs.Count && evidence is not null; i++)
            {
                var p = prevs[i];
                if (p.EndHour <= now) continue;
                int s = Math.Max(0, p.StartHour), e = Math.Min(hours, p.EndHour);
                var score = evidence.Score(p.Level);
                if (score is null) continue;
                double peak = 0;
                for (var t = s; t < e; t++) peak = Math.Max(peak, score[t]);
                var floor = 1 - th.ClearMargin;
                if (Evidence.Reaches(p.Level, peak))
                {
                    for (var t = s; t < e; t++)
                        if (score[t] >= floor && level[t] < p.Level) level[t] = p.Level;
                }
                else if (peak >= floor && p.RunsBelow + 1 < th.ClearAfterRuns)
                {
                    graceRuns[i] = p.RunsBelow + 1;
                    for (var t = s; t < e; t++)
                        if (level[t] < p.Level) level[t] = p.Level;
                }
            }
            Bridge(level, th.BridgeHours);

            var claimed = new bool[prevs.Count];
            var firstOfNode = inForce.Count;
            for (var t = 0; t < hours;)
            {
                if (level[t] == AlertLevel.None) { t++; continue; }
                var start = t;
                while (t < hours && level[t] == level[start]) t++;
                if (t <= now) continue;   // already over
                var fresh = Describe(key, evidence!, level[start], start, t, room, regionOf, Math.Max(now, 0), hours);

                var best = -1;
                for (var i = 0; i < prevs.Count; i++)
                {
                    if (claimed[i] || prevs[i].EndHour <= now) continue;
                    var overlap = Math.Min(t, prevs[i].EndHour) - Math.Max(start, prevs[i].StartHour);
                    if (overlap <= 0) continue;
                    if (best < 0 || Better(prevs[i], overlap, prevs[best], start, t, fresh.Level)) best = i;
                }
                if (best < 0)
                {
                    var created = fresh with { Id = NewId(input.IdPrefix, key, start, usedIds), Version = 1 };
                    inForce.Add(created);
                    events.Add(new AlertEvent(AlertEventKind.Created, created));
                    continue;
                }
                claimed[best] = true;
                var prev = prevs[best];
                var runs = graceRuns[best] > 0 && prev.Level == fresh.Level ? graceRuns[best] : 0;
                if (fresh.PublishedDiffers(prev))
                {
                    var updated = fresh with { Id = prev.Id, Version = prev.Version + 1, RunsBelow = runs };
                    inForce.Add(updated);
                    events.Add(new AlertEvent(AlertEventKind.Updated, updated));
                }
                else inForce.Add(prev with { RunsBelow = runs }); // what merchants saw stays as published
            }
            List<Alert>? nodeAlerts = null;
            for (var i = 0; i < prevs.Count; i++)
            {
                if (claimed[i]) continue;
                var ended = prevs[i].EndHour <= now;
                nodeAlerts ??= inForce.GetRange(firstOfNode, inForce.Count - firstOfNode);
                events.Add(new AlertEvent(ended ? AlertEventKind.Ended : AlertEventKind.Cleared,
                    prevs[i] with { Version = prevs[i].Version + 1 }, ended ? null : MergedInto(prevs[i], nodeAlerts, now, hours)));
            }
        }
        return new AlertRunResult(inForce, events);
    }

    /// <summary>
    /// The alert in force that a cleared one was merged into: when every hour of it still ahead is covered
    /// by the node's alerts of its kind at its level or above, the one covering most of them; else none.
    /// </summary>
    private static string? MergedInto(Alert cleared, List<Alert> nodeAlerts, int now, int hours)
    {
        int from = Math.Max(Math.Max(cleared.StartHour, now), 0), to = Math.Min(cleared.EndHour, hours);
        if (from >= to) return null;
        string? best = null;
        int bestOverlap = 0, covered = 0;
        foreach (var a in nodeAlerts)
        {
            if (a.Kind != cleared.Kind || a.Level < cleared.Level) continue;
            var overlap = Math.Min(to, a.EndHour) - Math.Max(from, a.StartHour);
            if (overlap <= 0) continue;
            covered += overlap;
            if (overlap > bestOverlap) (best, bestOverlap) = (a.Id, overlap);
        }
        // The node's alerts never overlap one another, so the overlaps add up to the hours covered.
        return covered == to - from ? best : null;
    }

    /// <summary>Fills gaps of up to <paramref name="bridge"/> hours between hours of a level (highest level first).</summary>
    internal static void Bridge(AlertLevel[] level, int bridge)
    {
        if (bridge <= 0) return;
        foreach (var l in new[] { AlertLevel.Delay, AlertLevel.Blocked, AlertLevel.Warning, AlertLevel.Watch })
        {
            var last = -1;
            for (var t = 0; t < level.Length; t++)
            {
                if (level[t] < l) continue;
                if (last >= 0 && t - last - 1 is > 0 and var gap && gap <= bridge)
                    for (var g = last + 1; g < t; g++) level[g] = l;
                last = t;
            }
        }
    }

    private static bool Better(Alert candidate, int overlap, Alert current, int start, int end, AlertLevel level)
    {
        bool cSame = candidate.Level == level, bSame = current.Level == level;
        if (cSame != bSame) return cSame;
        var bestOverlap = Math.Min(end, current.EndHour) - Math.Max(start, current.StartHour);
        if (overlap != bestOverlap) return overlap > bestOverlap;
        if (candidate.StartHour != current.StartHour) return candidate.StartHour < current.StartHour;
        return Ord.Compare(candidate.Id, current.Id) < 0;
    }

    private static string NewId(string prefix, NodeKey key, int start, HashSet<string> used)
    {
        var baseId = $"{prefix}{key.Kind}:{key.Node}:{key.Carrier}:{start}";
        var id = baseId;
        for (var n = 2; !used.Add(id); n++) id = $"{baseId}~{n}";
        return id;
    }

    private static Alert Describe(NodeKey key, Evidence ev, AlertLevel level, int start, int end, PlanRoom room,
        Dictionary<string, string> regionOf, int now, int hours)
    {
        double p50 = 0, p90 = 0, reserved = 0, maxWait = 0;
        long cap = 0;
        for (var t = start; t < end; t++)
        {
            p50 += ev.Arrivals50[t];
            p90 += ev.Arrivals90[t];
            reserved += ev.Planned[t];
            cap += ev.Capacity[t];
            maxWait = Math.Max(maxWait, ev.PlannedWait?[t] ?? 0);
        }
        double? utilisation = cap > 0 ? Math.Round(p50 / cap, 2, MidpointRounding.AwayFromZero) : null;
        var carrier = key.Kind == LoadNodeKind.Outbound ? null : key.Carrier;
        var alert = new Alert("", 0, level, key.Kind, key.Node, carrier, start, end,
            (long)Math.Round(p50), (long)Math.Round(p90), cap, utilisation, (long)Math.Round(reserved));
        if (level == AlertLevel.Delay)
            return alert with { DelayHours = (int)Math.Ceiling(maxWait), Region = regionOf.GetValueOrDefault(key.Node) };
        if (level is AlertLevel.Blocked or AlertLevel.Warning)
            return alert with { Instead = Options(key, carrier, start, end, room, Math.Max(now, end), hours) };
        return alert;
    }

    /// <summary>
    /// Where to hand parcels instead: the node's own next hours with room after the alert, then other
    /// lanes at the warehouses concerned that have room over the alert's hours (most room first).
    /// </summary>
    private static IReadOnlyList<AlertOption> Options(NodeKey key, string? carrier, int start, int end, PlanRoom room, int from, int hours)
    {
        var options = new List<AlertOption>();
        for (var t = from; t < hours; t++)
        {
            if (!(room.Node(key.Kind, key.Node, carrier, t) >= 1)) continue;
            var s = t;
            double sum = 0;
            for (; t < hours && room.Node(key.Kind, key.Node, carrier, t) is >= 1 and var r; t++) sum += Math.Floor(r);
            if (sum < MinRoomParcels) continue;
            options.Add(new AlertOption(carrier, key.Node, null, s, t, (long)sum));
            break;
        }
        if (!key.Kind.IsPickup() && !key.Kind.IsOriginSort()) return options;

        // Other lanes of the node's own class: a bulky line's alert offers bulky lines only.
        var handling = LoadNodeKinds.Handling(key.Kind);
        var warehouses = key.Kind.IsPickup() ? [key.Node] : room.WarehousesInto(key.Node);
        var others = new List<AlertOption>();
        foreach (var warehouse in warehouses)
            foreach (var (c, hub) in room.LanesAt(warehouse))
            {
                if (key.Kind.IsPickup() ? c == key.Carrier : hub == key.Node) continue;
                int first = -1, last = -1;
                double sum = 0;
                for (var t = start; t < end; t++)
                    if (room.Lane(warehouse, c, hub, t, handling) is >= 1 and var r)
                    {
                        if (first < 0) first = t;
                        last = t;
                        sum += Math.Floor(r);
                    }
                if (first >= 0 && sum >= MinRoomParcels) others.Add(new AlertOption(c, hub, warehouse, first, last + 1, (long)sum));
            }
        options.AddRange(others.OrderByDescending(o => o.RoomParcels).ThenBy(o => o.Warehouse, Ord).ThenBy(o => o.Carrier, Ord).ThenBy(o => o.Node, Ord).Take(MaxOptions));
        return options;
    }

    internal readonly record struct NodeKey(LoadNodeKind Kind, string Node, string Carrier) : IComparable<NodeKey>
    {
        public int CompareTo(NodeKey other)
        {
            var c = Kind.CompareTo(other.Kind);
            if (c == 0) c = string.CompareOrdinal(Node, other.Node);
            if (c == 0) c = string.CompareOrdinal(Carrier, other.Carrier);
            return c;
        }
    }
}
