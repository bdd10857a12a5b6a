using System.Collections;

namespace Logistics.Domain.Planning;

/// <summary>A window by index: merchant rank, warehouse index, lane index at the warehouse, hours [Start, End), parcels per hour.</summary>
internal readonly record struct WindowSlot(int Merchant, int Warehouse, int Lane, int Start, int End, long PerHour);

/// <summary>
/// The plan's windows, held as compact slots (sorted by merchant, warehouse, lane, start) and turned
/// into <see cref="ShipmentWindow"/> records only when read: at national scale there are tens of
/// millions, and a record each would cost several times the slots.
/// </summary>
internal sealed class PlanWindows(WindowSlot[] slots, string[] merchants, WarehousePlan[] warehouses) : IReadOnlyList<ShipmentWindow>
{
    public int Count => slots.Length;
    internal WindowSlot[] Slots => slots;

    public ShipmentWindow this[int index] => Window(slots[index]);

    internal ShipmentWindow Window(in WindowSlot s)
    {
        var (carrier, hub) = warehouses[s.Warehouse].LaneNames[s.Lane];
        return new ShipmentWindow(merchants[s.Merchant], warehouses[s.Warehouse].Code, carrier, hub, s.Start, s.End, s.PerHour * (s.End - s.Start));
    }

    internal string Merchant(in WindowSlot s) => merchants[s.Merchant];
    internal WarehousePlan Warehouse(in WindowSlot s) => warehouses[s.Warehouse];

    public IEnumerator<ShipmentWindow> GetEnumerator()
    {
        for (int i = 0; i < slots.Length; i++) yield return Window(slots[i]);
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

/// <summary>
/// The plan's hourly handovers, read out of its windows (a window is consecutive hours with equal
/// parcels, so each hour is recovered exactly), in the windows' order: merchant, warehouse, carrier, hub, hour.
/// </summary>
internal sealed class PlanHandovers : IReadOnlyList<PlannedHandover>
{
    private readonly PlanWindows _windows;
    private readonly long[] _ends; // _ends[i] = handovers in windows 0..i

    public PlanHandovers(PlanWindows windows)
    {
        _windows = windows;
        _ends = new long[windows.Count];
        long n = 0;
        for (int i = 0; i < _ends.Length; i++) _ends[i] = n += windows.Slots[i].End - windows.Slots[i].Start;
        Count = checked((int)n);
    }

    public int Count { get; }

    public PlannedHandover this[int index]
    {
        get
        {
            if ((uint)index >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(index));
            int i = Array.BinarySearch(_ends, (long)index + 1);
            if (i < 0) i = ~i;
            var s = _windows.Slots[i];
            long before = i == 0 ? 0 : _ends[i - 1];
            return Handover(s, s.Start + (int)(index - before));
        }
    }

    private PlannedHandover Handover(in WindowSlot s, int hour)
    {
        var (carrier, hub) = _windows.Warehouse(s).LaneNames[s.Lane];
        return new PlannedHandover(_windows.Merchant(s), _windows.Warehouse(s).Code, carrier, hub, hour, s.PerHour);
    }

    public IEnumerator<PlannedHandover> GetEnumerator()
    {
        foreach (var s in _windows.Slots)
            for (int h = s.Start; h < s.End; h++) yield return Handover(s, h);
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
