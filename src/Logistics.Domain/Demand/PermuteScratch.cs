using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Logistics.Domain.Demand;

/// <summary>
/// The one buffer a table's columns are permuted through (<see cref="Column{T}.Permute"/>), made on
/// first use, as wide as the table's widest column (8 bytes a row only when a count is 64-bit).
/// </summary>
internal sealed class PermuteScratch(int rows, int widestBytes)
{
    private long[]? _buffer;

    /// <summary>The first <paramref name="count"/> elements of the buffer, seen as <typeparamref name="T"/>.</summary>
    public Span<T> For<T>(int count) where T : unmanaged
    {
        _buffer ??= GC.AllocateUninitializedArray<long>((int)(((long)rows * widestBytes + 7) / 8));
        var longs = (int)(((long)count * Unsafe.SizeOf<T>() + 7) / 8);
        return MemoryMarshal.Cast<long, T>(_buffer.AsSpan(0, longs))[..count];
    }
}
