using System.Runtime.InteropServices;

namespace Logistics.Domain.Demand;

/// <summary>An append-only array of one primitive field per row (the storage behind the demand columns).</summary>
internal sealed class Column<T>(int capacity) where T : unmanaged
{
    public T[] Items = new T[Math.Max(capacity, 16)];
    public int Count;

    public void Add(T value)
    {
        if (Count == Items.Length) Array.Resize(ref Items, CountColumn.Grown(Count));
        Items[Count++] = value;
    }

    public void Trim()
    {
        if (CountColumn.Wasteful(Items.Length, Count)) Array.Resize(ref Items, Count);
    }

    /// <summary>
    /// Puts row <c>order[i]</c> at row i, in place, through <paramref name="scratch"/> (at least
    /// Count × sizeof(T) bytes, shared by a table's columns): no new array per column, so reordering
    /// a table leaves no old columns behind for the collector.
    /// </summary>
    public void Permute(ReadOnlySpan<int> order, Span<byte> scratch)
    {
        var next = MemoryMarshal.Cast<byte, T>(scratch)[..Count];
        var items = Items;
        for (var i = 0; i < next.Length; i++) next[i] = items[order[i]];
        next.CopyTo(items);
    }

    public ReadOnlySpan<byte> Bytes => MemoryMarshal.AsBytes(Items.AsSpan(0, Count));
}

/// <summary>Receives a column's bytes, in order (how the server digests columns without the domain knowing the hash).</summary>
public delegate void ByteSink(ReadOnlySpan<byte> bytes);
