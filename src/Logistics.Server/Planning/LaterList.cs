using System.Collections;

namespace Logistics.Server.Planning;

/// <summary>
/// A list still being made on another thread: the first read waits for it. Lets a publication copy
/// its windows (PostgreSQL's work and one core of ours) while its alerts are written on the other.
/// </summary>
internal sealed class LaterList<T>(Task<List<T>> making) : IReadOnlyList<T>
{
    private List<T> List => making.GetAwaiter().GetResult();

    public int Count => List.Count;
    public T this[int index] => List[index];
    public IEnumerator<T> GetEnumerator() => List.GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
