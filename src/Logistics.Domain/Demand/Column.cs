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
    /// Puts row <c>order[i]</c> at row i. In place through the table's <paramref name="scratch"/> when
    /// the array is its right size, so reordering a table leaves no old columns behind for the
    /// collector; into a new array of exactly Count when growth left it too large (that is the trim).
    /// </summary>
    public void Permute(ReadOnlySpan<int> order, PermuteScratch scratch)
    {
        var items = Items;
        if (CountColumn.Wasteful(items.Length, Count))
        {
            var exact = new T[Count];
            Gather(items, order, exact);
            Items = exact;
            return;
        }
        var next = scratch.For<T>(Count);
        Gather(items, order, next);
        next.CopyTo(items);
    }

    internal static void Gather(T[] items, ReadOnlySpan<int> order, Span<T> next)
    {
        for (var i = 0; i < next.Length; i++) next[i] = items[order[i]];
    }

    public ReadOnlySpan<byte> Bytes => MemoryMarshal.AsBytes(Items.AsSpan(0, Count));
}

/// <summary>Receives a column's bytes, in order (how the server digests columns without the domain knowing the hash).</summary>
public delegate void ByteSink(ReadOnlySpan<byte> bytes);
