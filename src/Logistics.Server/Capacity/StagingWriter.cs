using System.Runtime.CompilerServices;
using Logistics.Server.Ingest;

namespace Logistics.Server.Capacity;

/// <summary>
/// Writes an upload's hours into binary COPY (the format written by hand: going through Npgsql's
/// importer value by value cost more than the server's whole COPY). Up to <see cref="SortHours"/>
/// hours (~50 MB here) are held, put in the history index's order (PostgreSQL's sort notices sorted
/// input, so building a large upload's index costs half as much) and checked for overlaps, then
/// written whole into the staging table (<see cref="WriteHeld"/>) or, in two ranges, straight into
/// history tables (<see cref="WriteHistory"/>). A larger upload opens its staging COPY as it
/// overflows and goes through as it comes, holding nothing, and its index build sorts it instead.
/// </summary>
/// <param name="openStaging">opens the staging table's COPY (<see cref="Columns"/>), when a large upload overflows.</param>
internal sealed class StagingWriter(Func<Stream> openStaging)
{
    public const int SortHours = 1 << 20;

    /// <summary>The staging table's columns in the order <see cref="Write"/> sends them.</summary>
    public const string Columns = "kind, node_id, carrier_id, hour, parcels, line, start_text, start_offset";

    /// <summary>A history table's own columns in the order <see cref="WriteHistory"/> sends them (no line to report: none can fail).</summary>
    public const string HistoryColumns = "kind, node_id, carrier_id, hour, parcels";

    private static readonly byte[][] KindText = [.. CapacityRow.Kinds.Select(k => System.Text.Encoding.UTF8.GetBytes(k))];

    /// <summary>
    /// A node, kind and carrier, ordered as the history index orders them: node_id, kind (C
    /// collation: bulky_pickup, bulky_sort, outbound, pickup, sort), carrier_id (null, here 0, last).
    /// </summary>
    private readonly record struct Group(long NodeId, long Carrier, byte Kind) : IComparable<Group>
    {
        public int CompareTo(Group other) =>
            NodeId != other.NodeId ? NodeId.CompareTo(other.NodeId)
            : Kind != other.Kind ? other.Kind.CompareTo(Kind)   // Kinds is sort, pickup, outbound, bulky_sort, bulky_pickup: the reverse of text order
            : (ulong)(Carrier - 1) < (ulong)(other.Carrier - 1) ? -1 : Carrier == other.Carrier ? 0 : 1;   // 0 wraps to the top
    }

    private readonly record struct Hour(int Group, long Ticks, long Line, string? StartText, int Parcels, short Offset);

    /// <summary>start_offset for a start written with Z; NoOffset: the start text itself is staged.</summary>
    public const short Zulu = short.MinValue, NoOffset = short.MaxValue;

    /// <summary>
    /// The offset in minutes of a start that passed the line checks in one of the two usual shapes,
    /// 2026-11-11T00:00:00+08:00 or 2026-11-11T00:00:00Z (only those have these lengths), which its
    /// instant and offset render again exactly; null for any other shape (and -00:00).
    /// </summary>
    internal static short? CanonicalOffset(string start)
    {
        if (start.Length == 20 && start[19] == 'Z') return Zulu;
        if (start.Length != 25 || start[19] is not ('+' or '-') || start[22] != ':') return null;
        var minutes = ((start[20] - '0') * 10 + (start[21] - '0')) * 60 + (start[23] - '0') * 10 + (start[24] - '0');
        return start[19] == '-' ? (minutes == 0 ? null : (short)-minutes) : (short)minutes;
    }

    private BinaryCopyWriter? _out;
    private readonly List<Group> _groups = [];
    private readonly Dictionary<Group, int> _groupOf = [];
    private Hour[]? _held = new Hour[Math.Min(1024, SortHours)];
    private int _count;
    private int[]? _order;
    private bool _overlap;
    private string _lastStart = "";

    public long Hours { get; private set; }

    /// <summary>Whether the hours are held (not streamed through a staging COPY already).</summary>
    public bool Held => _held is not null;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]   // runs once per upload, a million times: no time for tiering up
    public void Add(in StagedLine line)
    {
        var group = new Group(line.Node.NodeId, line.Node.CarrierId ?? 0, line.Kind);
        if (!_groupOf.TryGetValue(group, out var g))
        {
            _groupOf.Add(group, g = _groups.Count);
            _groups.Add(group);
        }
        // A start written another way is kept as written, one copy shared by consecutive lines.
        var start = line.StartText is null ? null : line.StartText == _lastStart ? _lastStart : _lastStart = line.StartText;
        for (var h = 0; h < line.Hours; h++)
        {
            Hours++;
            var hour = new Hour(g, line.StartTicks + h * TimeSpan.TicksPerHour, line.Line, start, line.Parcels, line.Offset);
            if (_held is null) { Write(hour); continue; }
            if (_count == SortHours)
            {
                // Too many to hold: what is held goes as it came, and the rest streams through.
                _out = new BinaryCopyWriter(openStaging());
                for (var i = 0; i < _count; i++) Write(_held[i]);
                _held = null;
                Write(hour);
                continue;
            }
            if (_count == _held.Length) Array.Resize(ref _held, Math.Min(_count * 2, SortHours));
            _held[_count++] = hour;
        }
    }

    /// <summary>Ends a streamed upload's staging COPY (the trailer); the caller then ends the COPY.</summary>
    public void Complete()
    {
        if (_held is not null) throw new InvalidOperationException("the hours are held: write them with WriteHeld or WriteHistory");
        _out!.Complete();
    }

    /// <summary>Whether two held hours cover the same node, kind, carrier and hour (the history's unique key).</summary>
    public bool HasOverlap
    {
        get
        {
            Order();
            return _overlap;
        }
    }

    /// <summary>Sends what is held into the staging table's COPY, in the index's order, with the trailer; the caller then ends the COPY.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void WriteHeld(Stream copy)
    {
        var order = Order();
        _out = new BinaryCopyWriter(copy);
        foreach (var i in order) Write(_held![i]);
        _out.Complete();
    }

    /// <summary>
    /// Sends the held hours [<paramref name="from"/>, <paramref name="to"/>) of the index's order into
    /// a history table's COPY (<see cref="HistoryColumns"/>), with the trailer. Safe on two threads at once.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void WriteHistory(Stream copy, int from, int to)
    {
        var order = Order();
        var output = new BinaryCopyWriter(copy);
        for (var k = from; k < to; k++) WriteOwn(output, _held![order[k]], 5);
        output.Complete();
    }

    private int[] Order()
    {
        if (_held is null) throw new InvalidOperationException("the hours were streamed, not held");
        return _order ??= IndexOrder();
    }

    /// <summary>
    /// The held hours' positions in the index's order, in linear time for the usual file: the hours
    /// are counted out by group (node, kind, carrier; few, sorted), keeping the order they came in,
    /// and only a group whose hours did not come in time order is sorted by hour. Notes whether two
    /// hours of a group are equal: then they lie next to each other.
    /// </summary>
    private int[] IndexOrder()
    {
        var ranked = _groups.ToArray();
        var byRank = Enumerable.Range(0, ranked.Length).ToArray();
        Array.Sort(ranked, byRank);
        var rank = new int[ranked.Length];
        for (var r = 0; r < byRank.Length; r++) rank[byRank[r]] = r;

        var next = new int[ranked.Length + 1];
        for (var i = 0; i < _count; i++) next[rank[_held![i].Group] + 1]++;
        for (var r = 1; r < next.Length; r++) next[r] += next[r - 1];
        var ends = next[1..];
        var order = new int[_count];
        for (var i = 0; i < _count; i++) order[next[rank[_held![i].Group]]++] = i;

        var from = 0;
        foreach (var to in ends)
        {
            var segment = order.AsSpan(from, to - from);
            for (var k = 1; k < segment.Length; k++)
            {
                if (_held![segment[k]].Ticks >= _held[segment[k - 1]].Ticks) continue;
                var ticks = new long[segment.Length];
                for (var j = 0; j < ticks.Length; j++) ticks[j] = _held[segment[j]].Ticks;
                ticks.AsSpan().Sort(segment);
                break;
            }
            for (var k = 1; k < segment.Length && !_overlap; k++)
                _overlap = _held![segment[k]].Ticks == _held[segment[k - 1]].Ticks;
            from = to;
        }
        return order;
    }

    private void Write(in Hour h)
    {
        var output = _out!;
        WriteOwn(output, h, 8);
        output.Write(h.Line);
        if (h.StartText is null) output.WriteNull(); else output.Write(h.StartText);
        if (h.Offset == NoOffset) output.WriteNull(); else output.Write(h.Offset);
    }

    /// <summary>Starts a row of <paramref name="fields"/> fields with the hour's history columns (<see cref="HistoryColumns"/>).</summary>
    private void WriteOwn(BinaryCopyWriter output, in Hour h, short fields)
    {
        var g = _groups[h.Group];
        output.StartRow(fields);
        output.Write(KindText[g.Kind]);
        output.Write(g.NodeId);
        if (g.Carrier != 0) output.Write(g.Carrier); else output.WriteNull();
        output.WriteTimestampTz(h.Ticks);
        output.Write(h.Parcels);
    }
}
