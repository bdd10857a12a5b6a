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

    private readonly record struct Hour(long NodeId, long Carrier, long Ticks, long Line, string StartText, int Parcels, byte Kind);

    private List<Hour>? _held = [];
    private string _lastStart = "";

    public long Hours { get; private set; }

    public void Add(in CapacityRow row, ResolvedNode node, int h)
    {
        Hours++;
        // Lines of one hour share their start text: keep one copy of it, not one per line.
        var start = row.StartText == _lastStart ? _lastStart : _lastStart = row.StartText;
        var hour = new Hour(node.NodeId, node.CarrierId ?? 0, row.Start.UtcTicks + h * TimeSpan.TicksPerHour, row.Line, start, row.Parcels,
            (byte)Array.IndexOf(CapacityRow.Kinds, row.Kind));
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
        copy.Write(h.StartText, NpgsqlDbType.Text);
    }
}
