namespace Logistics.Domain.Forecasting;

/// <summary>
/// Signal sums per (unit, category) slot, one array per signal kind, filled in one pass.
/// <see cref="Known"/> has bit k set when any row of the slot had signal k (empty cells are unknown).
/// </summary>
internal sealed class SignalTable
{
    private readonly Dictionary<long, int> _slots = [];
    public readonly List<int> Unit = [];
    public readonly List<int> Category = [];
    public readonly List<double>[] Sums = [[], [], [], []];
    public readonly List<byte> Known = [];

    public int Count => Unit.Count;

    public int Slot(int unit, int category)
    {
        var key = ((long)unit << 24) | (uint)category;
        if (_slots.TryGetValue(key, out var slot)) return slot;
        slot = Unit.Count;
        _slots.Add(key, slot);
        Unit.Add(unit);
        Category.Add(category);
        for (var k = 0; k < SignalKinds.Count; k++) Sums[k].Add(0);
        Known.Add(0);
        return slot;
    }

    /// <summary>Slots grouped by unit: slots of unit u are Order[Start[u]..Start[u+1]).</summary>
    public (int[] Start, int[] Order) ByUnit(int units)
    {
        var start = new int[units + 1];
        for (var s = 0; s < Count; s++) start[Unit[s] + 1]++;
        for (var u = 0; u < units; u++) start[u + 1] += start[u];
        var fill = (int[])start.Clone();
        var order = new int[Count];
        for (var s = 0; s < Count; s++) order[fill[Unit[s]]++] = s;
        return (start, order);
    }

    /// <summary>Whether the slots Order[from..to) (one unit's) know none of the signals.</summary>
    public bool AllUnknown(int[] order, int from, int to)
    {
        for (var s = from; s < to; s++) if (Known[order[s]] != 0) return false;
        return true;
    }
}
