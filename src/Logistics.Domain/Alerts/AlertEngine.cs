using System.Globalization;
using Logistics.Domain.Capacity;
using Logistics.Domain.Planning;

namespace Logistics.Domain.Alerts;

/// <summary>
/// Derives alerts from a plan and carries them across runs with hysteresis.
///
/// Per node and hour, utilisation = planned P90 load / capacity (unknown capacity: no alert). The raw
/// level of each hour follows <see cref="AlertThresholds"/>. A previous alert holds its level over its
/// range while it is in grace: its peak utilisation there is below its level but not by the clear
/// margin, for fewer than ClearAfterRuns consecutive runs. While still at its level, it keeps the hours
/// of its range that stay within the margin, so range edges do not flap either. The effective level is
/// the higher of raw and held; maximal runs of one effective level are the alerts. Each keeps the id of
/// the overlapping previous alert on the same node (same level first, then largest overlap, earliest
/// start, id), so identity is stable and deterministic; a version changes only when what a merchant
/// sees changes (level, range, published numbers).
/// </summary>
public static class AlertEngine
{
    private static readonly StringComparer Ord = StringComparer.Ordinal;

    public static AlertRunResult Evaluate(AlertInput input)
    {
        int hours = input.HorizonHours;
        var th = input.Thresholds ?? AlertThresholds.Default;
        var byNode = new SortedDictionary<NodeKey, NodeLoad>();
        foreach (var l in input.Loads) byNode.TryAdd(new NodeKey(l.Kind, l.Node, l.Carrier ?? ""), l);
        var previousByNode = new SortedDictionary<NodeKey, List<Alert>>();
        foreach (var a in input.Previous)
        {
            var key = new NodeKey(a.NodeKind, a.Node, a.Carrier ?? "");
            if (!previousByNode.TryGetValue(key, out var list)) previousByNode[key] = list = [];
            list.Add(a);
        }
        var hubRoom = new HubRoom(input, th);
        var usedIds = new HashSet<string>(input.Previous.Select(a => a.Id), Ord);
        var inForce = new List<Alert>();
        var events = new List<AlertEvent>();

        foreach (var key in byNode.Keys.Union(previousByNode.Keys).Order())
        {
            var load = byNode.GetValueOrDefault(key);
            var prevs = previousByNode.GetValueOrDefault(key) ?? [];
            prevs.Sort((a, b) => a.StartHour != b.StartHour ? a.StartHour.CompareTo(b.StartHour) : Ord.Compare(a.Id, b.Id));
            var util = Utilisation(load, hours);

            var level = new AlertLevel[hours];
            for (int t = 0; t < hours; t++) level[t] = load?.Capacity is null ? AlertLevel.None : th.LevelOf(util[t]);

            // Hysteresis: previous alerts hold their level while in grace.
            var graceRuns = new int[prevs.Count];
            for (int i = 0; i < prevs.Count; i++)
            {
                var p = prevs[i];
                int s = Math.Max(0, p.StartHour), e = Math.Min(hours, p.EndHour);
                double peak = 0;
                for (int t = s; t < e; t++) peak = Math.Max(peak, util[t]);
                double floor = th.ThresholdOf(p.Level) - th.ClearMargin;
                if (th.LevelOf(peak) >= p.Level)
                {
                    for (int t = s; t < e; t++)
                        if (util[t] >= floor && level[t] < p.Level) level[t] = p.Level;
                }
                else if (peak >= floor && p.RunsBelow + 1 < th.ClearAfterRuns)
                {
                    graceRuns[i] = p.RunsBelow + 1;
                    for (int t = s; t < e; t++)
                        if (level[t] < p.Level) level[t] = p.Level;
                }
            }

            var claimed = new bool[prevs.Count];
            for (int t = 0; t < hours;)
            {
                if (level[t] == AlertLevel.None) { t++; continue; }
                int start = t;
                while (t < hours && level[t] == level[start]) t++;
                var fresh = Describe(key, load!, util, level[start], start, t, th, hubRoom, hours);

                int best = -1;
                for (int i = 0; i < prevs.Count; i++)
                {
                    if (claimed[i]) continue;
                    int overlap = Math.Min(t, prevs[i].EndHour) - Math.Max(start, prevs[i].StartHour);
                    if (overlap <= 0) continue;
                    if (best < 0 || Better(prevs[i], overlap, prevs[best], start, t, fresh.Level)) best = i;
                }
                if (best < 0)
                {
                    var id = NewId(input.IdPrefix, key, start, usedIds);
                    var created = fresh with { Id = id, Version = 1 };
                    inForce.Add(created);
                    events.Add(new AlertEvent(AlertEventKind.Created, created));
                    continue;
                }
                claimed[best] = true;
                var prev = prevs[best];
                int runs = graceRuns[best] > 0 && prev.Level == fresh.Level ? graceRuns[best] : 0;
                if (fresh.PublishedDiffers(prev))
                {
                    var updated = fresh with { Id = prev.Id, Version = prev.Version + 1, RunsBelow = runs };
                    inForce.Add(updated);
                    events.Add(new AlertEvent(AlertEventKind.Updated, updated));
                }
                else inForce.Add(prev with { RunsBelow = runs }); // what merchants saw stays as published
            }
            for (int i = 0; i < prevs.Count; i++)
                if (!claimed[i])
                    events.Add(new AlertEvent(AlertEventKind.Cleared, prevs[i] with { Version = prevs[i].Version + 1 }));
        }
        return new AlertRunResult(inForce, events);
    }

    private static bool Better(Alert candidate, int overlap, Alert current, int start, int end, AlertLevel level)
    {
        bool cSame = candidate.Level == level, bSame = current.Level == level;
        if (cSame != bSame) return cSame;
        int bestOverlap = Math.Min(end, current.EndHour) - Math.Max(start, current.StartHour);
        if (overlap != bestOverlap) return overlap > bestOverlap;
        if (candidate.StartHour != current.StartHour) return candidate.StartHour < current.StartHour;
        return Ord.Compare(candidate.Id, current.Id) < 0;
    }

    private static string NewId(string prefix, NodeKey key, int start, HashSet<string> used)
    {
        string baseId = $"{prefix}{key.Kind}:{key.Node}:{key.Carrier}:{start}";
        string id = baseId;
        for (int n = 2; !used.Add(id); n++) id = $"{baseId}~{n}";
        return id;
    }

    /// <summary>Hourly P90 utilisation; +∞ on a closed hour with load, 0 where capacity is unknown.</summary>
    internal static double[] Utilisation(NodeLoad? load, int hours)
    {
        var u = new double[hours];
        if (load?.Capacity is null) return u;
        for (int t = 0; t < hours && t < load.Capacity.Length; t++)
        {
            long cap = load.Capacity[t];
            double p90 = load.PlannedP90[t];
            u[t] = cap > 0 ? p90 / cap : p90 > 0 ? double.PositiveInfinity : 0;
        }
        return u;
    }

    private static Alert Describe(NodeKey key, NodeLoad load, double[] util, AlertLevel level, int start, int end,
        AlertThresholds th, HubRoom hubRoom, int hours)
    {
        double p50 = 0, p90 = 0, unshaved = 0, peak = 0;
        long cap = 0;
        int peakHour = start;
        for (int t = start; t < end; t++)
        {
            p50 += load.Planned[t]; p90 += load.PlannedP90[t]; unshaved += load.UnshavedP90[t];
            cap += load.Capacity![t];
            if (util[t] > peak) { peak = util[t]; peakHour = t; }
        }
        double? published = double.IsPositiveInfinity(peak) ? null : Math.Round(peak, 2, MidpointRounding.AwayFromZero);
        var inv = CultureInfo.InvariantCulture;
        string what = key.Kind switch
        {
            LoadNodeKind.Outbound => $"outbound at warehouse {key.Node}",
            LoadNodeKind.Pickup => $"{key.Carrier} pickup at warehouse {key.Node}",
            LoadNodeKind.OriginSort => $"{key.Carrier} origin hub {key.Node} sorting",
            _ => $"{key.Carrier} destination hub {key.Node} sorting",
        };
        string span = end - start == 1 ? $"hour {start}" : $"hours {start}-{end - 1}";
        string numbers = string.Format(inv, "planned P90 load {0:N0} parcels vs capacity {1:N0}", Math.Round(p90), cap);
        string reason = published is null
            ? $"{what} is closed (capacity 0) in {span} while {numbers}."
            : level == AlertLevel.Blocked
                ? string.Format(inv, "{0}: {1} exceeds capacity even after shaving, {2} (peak {3:0}% at hour {4}); unshaved P90 would be {5:N0}.",
                    what, span, numbers, peak * 100, peakHour, Math.Round(unshaved))
                : string.Format(inv, "{0}: {1}, {2} (peak {3:0}% at hour {4}, {5} from {6:0}%).",
                    what, span, numbers, peak * 100, peakHour, level.ToString().ToLowerInvariant(), th.ThresholdOf(level) * 100);

        return new Alert("", 0, level, key.Kind, key.Node, key.Kind == LoadNodeKind.Outbound ? null : key.Carrier,
            start, end, (long)Math.Round(p50), (long)Math.Round(p90), cap, published, reason,
            Advise(key, load, util, start, end, th, hubRoom, hours));
    }

    private static AlertAdvice Advise(NodeKey key, NodeLoad load, double[] util, int start, int end,
        AlertThresholds th, HubRoom hubRoom, int hours)
    {
        int? nextStart = null, nextEnd = null;
        long? room = null;
        for (int t = end; t < hours; t++)
        {
            if (!HasRoom(load.Capacity![t], util[t], th)) continue;
            int s = t;
            long r = 0;
            while (t < hours && HasRoom(load.Capacity[t], util[t], th)) { r += (long)Math.Floor(load.Capacity[t] - load.PlannedP90[t]); t++; }
            (nextStart, nextEnd, room) = (s, t, r);
            break;
        }
        string? alt = key.Kind is LoadNodeKind.OriginSort or LoadNodeKind.DestinationSort
            ? hubRoom.Alternative(key.Carrier, key.Node, start, end) : null;

        var parts = new List<string>();
        if (nextStart is not null)
            parts.Add(nextEnd - nextStart == 1
                ? $"Next room on this node: hour {nextStart} (about {room} parcels)."
                : $"Next room on this node: hours {nextStart}-{nextEnd - 1} (about {room} parcels).");
        if (alt is not null) parts.Add($"Alternative: {key.Carrier} hub {alt} has room throughout hours {start}-{end - 1}.");
        if (parts.Count == 0) parts.Add("No room later in the horizon on this node; agree extra capacity with the carrier.");
        return new AlertAdvice(nextStart, nextEnd, room, alt, string.Join(" ", parts));
    }

    internal static bool HasRoom(long capacity, double utilisation, AlertThresholds th) =>
        capacity > 0 && th.LevelOf(utilisation) == AlertLevel.None;

    internal readonly record struct NodeKey(LoadNodeKind Kind, string Node, string Carrier) : IComparable<NodeKey>
    {
        public int CompareTo(NodeKey other)
        {
            int c = Kind.CompareTo(other.Kind);
            if (c == 0) c = string.CompareOrdinal(Node, other.Node);
            if (c == 0) c = string.CompareOrdinal(Carrier, other.Carrier);
            return c;
        }
    }

    /// <summary>Hub-wide sort load (origin + destination share the hub's sorting) for alternative-hub advice.</summary>
    private sealed class HubRoom
    {
        private readonly AlertThresholds _th;
        private readonly Dictionary<string, (double[]? Load, long[]? Capacity)> _hubs = new(Ord);
        private readonly Dictionary<string, string[]> _hubsByCarrier;

        public HubRoom(AlertInput input, AlertThresholds th)
        {
            _th = th;
            int hours = input.HorizonHours;
            foreach (var c in input.SortCapacities ?? [])
                if (c.Kind == CapacityKind.Sort && c.Parcels.Count >= hours) _hubs.TryAdd(c.Node, (null, c.Parcels.ToArray()));
            foreach (var l in input.Loads.Where(l => l.Kind is LoadNodeKind.OriginSort or LoadNodeKind.DestinationSort))
            {
                var (load, cap) = _hubs.GetValueOrDefault(l.Node);
                load ??= new double[hours];
                for (int t = 0; t < hours; t++) load[t] += l.PlannedP90[t];
                _hubs[l.Node] = (load, cap ?? l.Capacity);
            }
            _hubsByCarrier = input.Network.Hubs.GroupBy(h => h.Carrier, Ord)
                .ToDictionary(g => g.Key, g => g.Select(h => h.Code).Distinct(Ord).Order(Ord).ToArray(), Ord);
        }

        /// <summary>The other hub of the carrier with room in every hour of [start, end) and the most room in total.</summary>
        public string? Alternative(string carrier, string hub, int start, int end)
        {
            string? best = null;
            double bestRoom = -1;
            foreach (var code in _hubsByCarrier.GetValueOrDefault(carrier) ?? [])
            {
                if (code == hub || !_hubs.TryGetValue(code, out var h) || h.Capacity is null) continue; // unknown capacity: no promise
                double room = 0;
                bool ok = true;
                for (int t = start; t < end && ok; t++)
                {
                    double l = h.Load?[t] ?? 0;
                    ok = h.Capacity[t] > 0 && HasRoom(h.Capacity[t], l / h.Capacity[t], _th);
                    room += h.Capacity[t] - l;
                }
                if (ok && room > bestRoom) { best = code; bestRoom = room; }
            }
            return best;
        }
    }
}
