using System.Runtime.InteropServices;
using Npgsql;
using NpgsqlTypes;

namespace Logistics.Server.Capacity;

/// <summary>
/// Writes an upload's hours into its staging table's binary COPY. Up to <see cref="SortHours"/>
/// hours (~50 MB here) are held and sent in the history index's order: PostgreSQL's sort notices
/// sorted input, so building a large upload's index costs a third as much. A larger upload goes
/// through as it comes, holding nothing, and its index build sorts it instead.
/// </summary>
internal sealed class StagingWriter(NpgsqlBinaryImporter copy)
{
    public const int SortHours = 1 << 20;

    private readonly record struct Hour(long NodeId, long Carrier, long Ticks, long Line, string? StartText, int Parcels, byte Kind, short Offset);

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

    private List<Hour>? _held = [];
    private string _lastStart = "";

    public long Hours { get; private set; }

    public void Add(in CapacityRow row, ResolvedNode node, int h)
    {
        Hours++;
        // A start written the usual way is kept as its offset (the text can be rendered again for an
        // error report); another is kept as written, one copy shared by consecutive lines.
        var offset = CanonicalOffset(row.StartText);
        var start = offset is not null ? null : row.StartText == _lastStart ? _lastStart : _lastStart = row.StartText;
        var hour = new Hour(node.NodeId, node.CarrierId ?? 0, row.Start.UtcTicks + h * TimeSpan.TicksPerHour, row.Line, start, row.Parcels,
            (byte)Array.IndexOf(CapacityRow.Kinds, row.Kind), offset ?? NoOffset);
        if (_held is null) { Write(hour); return; }
        _held.Add(hour);
        if (_held.Count < SortHours) return;
        foreach (var held in _held) Write(held);   // too many to hold: the rest streams through
        _held = null;
    }

    public async Task CompleteAsync(CancellationToken ct)
    {
        if (_held is not null)
        {
            CollectionsMarshal.AsSpan(_held).Sort(new IndexOrder());
            foreach (var held in _held) Write(held);
            _held = null;
        }
        await copy.CompleteAsync(ct);
    }

    /// <summary>
    /// The history index's key order: node_id, kind (C collation: outbound, pickup, sort), carrier_id,
    /// hour. Within one upload a node and kind have one carrier (the hub's, the uploader, or none), so
    /// hour decides next. A struct comparer, so the sort's comparisons are inlined.
    /// </summary>
    private readonly struct IndexOrder : IComparer<Hour>
    {
        public int Compare(Hour a, Hour b) =>
            a.NodeId != b.NodeId ? a.NodeId.CompareTo(b.NodeId)
            : a.Kind != b.Kind ? b.Kind.CompareTo(a.Kind)   // Kinds is sort, pickup, outbound: the reverse of text order
            : a.Ticks.CompareTo(b.Ticks);
    }

    /// <summary>Synchronous writes: they only fill Npgsql's buffer, which flushes itself when full.</summary>
    private void Write(in Hour h)
    {
        copy.StartRow();
        copy.Write(CapacityRow.Kinds[h.Kind], NpgsqlDbType.Text);
        copy.Write(h.NodeId, NpgsqlDbType.Bigint);
        if (h.Carrier != 0) copy.Write(h.Carrier, NpgsqlDbType.Bigint); else copy.WriteNull();
        copy.Write(new DateTime(h.Ticks, DateTimeKind.Utc), NpgsqlDbType.TimestampTz);
        copy.Write(h.Parcels, NpgsqlDbType.Integer);
        copy.Write(h.Line, NpgsqlDbType.Bigint);
        if (h.StartText is null) copy.WriteNull(); else copy.Write(h.StartText, NpgsqlDbType.Text);
        if (h.Offset == NoOffset) copy.WriteNull(); else copy.Write(h.Offset, NpgsqlDbType.Smallint);
    }
}
