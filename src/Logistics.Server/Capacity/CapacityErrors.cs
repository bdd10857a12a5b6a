using Logistics.Server.Ingest;

namespace Logistics.Server.Capacity;

/// <summary>Every bad line is counted; the first <see cref="Cap"/> (by line) are kept to show.</summary>
internal sealed class CapacityErrors(int cap)
{
    private readonly List<RowError> _kept = [];
    public int Cap { get; } = cap;
    public long Total { get; private set; }

    public void Add(RowError e)
    {
        Total++;
        if (_kept.Count < Cap) _kept.Add(e);
    }

    public void AddCounted(IEnumerable<RowError> kept, long total)
    {
        var before = _kept.Count;
        foreach (var e in kept) if (_kept.Count < Cap) _kept.Add(e);
        Total += Math.Max(total, _kept.Count - before);
    }

    /// <summary>The kept errors in line order, trimmed to the cap.</summary>
    public IReadOnlyList<RowError> Kept => [.. _kept.OrderBy(e => e.Line).ThenBy(e => e.Column, StringComparer.Ordinal).Take(Cap)];
}
