namespace Logistics.Domain.Demand;

/// <summary>
/// Whole counts, one per row: held as 32-bit until a value needs more, then widened to 64-bit for
/// good. Real counts per row fit 32 bits, so tens of millions of rows cost half the memory of longs,
/// while a legal larger count (up to 999,999,999,999) still round-trips.
/// </summary>
public sealed class CountColumn
{
    private int[] _narrow;
    private long[]? _wide;
    private int _count;

    public CountColumn(int capacity) => _narrow = new int[Math.Max(capacity, 16)];

    public int Count => _count;
    public bool IsWide => _wide is not null;

    public long this[int row] => _wide is { } w ? w[row] : _narrow[row];

    public void Add(long value)
    {
        if (_wide is null && value is >= int.MinValue and <= int.MaxValue)
        {
            if (_count == _narrow.Length) Array.Resize(ref _narrow, Grown(_count));
            _narrow[_count++] = (int)value;
            return;
        }
        if (_wide is null)
        {
            _wide = new long[_narrow.Length];
            for (var i = 0; i < _count; i++) _wide[i] = _narrow[i];
            _narrow = [];
        }
        if (_count == _wide.Length) Array.Resize(ref _wide, Grown(_count));
        _wide[_count++] = value;
    }

    /// <summary>Drops the spare capacity growth left (one copy, done once the column is complete).</summary>
    public void Trim()
    {
        if (_wide is not null) { if (Wasteful(_wide.Length, _count)) Array.Resize(ref _wide, _count); }
        else if (Wasteful(_narrow.Length, _count)) Array.Resize(ref _narrow, _count);
    }

    /// <summary>
    /// Puts row <c>order[i]</c> at row i, as <see cref="Column{T}.Permute"/> does (in place, or into
    /// an exact new array when growth left spare); the width stays (it depends on the values alone).
    /// </summary>
    internal void Permute(ReadOnlySpan<int> order, PermuteScratch scratch)
    {
        if (_wide is { } w) _wide = Permuted(w, _count, order, scratch);
        else _narrow = Permuted(_narrow, _count, order, scratch);
    }

    private static T[] Permuted<T>(T[] items, int count, ReadOnlySpan<int> order, PermuteScratch scratch) where T : unmanaged
    {
        if (Wasteful(items.Length, count))
        {
            var exact = new T[count];
            Column<T>.Gather(items, order, exact);
            return exact;
        }
        var next = scratch.For<T>(count);
        Column<T>.Gather(items, order, next);
        next.CopyTo(items);
        return items;
    }

    /// <summary>The stored values as bytes (the representation, 32- or 64-bit, is decided by the values alone).</summary>
    public ReadOnlySpan<byte> Bytes => _wide is { } w
        ? System.Runtime.InteropServices.MemoryMarshal.AsBytes(w.AsSpan(0, _count))
        : System.Runtime.InteropServices.MemoryMarshal.AsBytes(_narrow.AsSpan(0, _count));

    /// <summary>Whether an array of <paramref name="length"/> holding <paramref name="count"/> is worth a copy to trim (over 1/64 spare).</summary>
    internal static bool Wasteful(int length, int count) => length - count > count / 64;

    internal static int Grown(int count) => count < 1 << 20 ? Math.Max(16, count * 2) : count + count / 2;
}
