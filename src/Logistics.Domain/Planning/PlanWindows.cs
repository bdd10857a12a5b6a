using System.Collections;
using Logistics.Domain.Handling;

namespace Logistics.Domain.Planning;

/// <summary>
/// A window by index: merchant rank, warehouse unit index (a warehouse's parcel and bulky units are
/// two, next to each other), lane index at the unit, hours [Start, End),
/// parcels per hour. Packed into 16 bytes (a national plan holds 17 million): the planner's limits
/// (65,535 warehouses, 255 lanes, 4,095 hours, int releases) fit the narrower fields.
/// </summary>
internal readonly struct WindowSlot(int merchant, int warehouse, int lane, int start, int end, long perHour)
{
    private readonly int _merchant = merchant;
    private readonly int _perHour = checked((int)perHour);
    private readonly ushort _warehouse = checked((ushort)warehouse);
    private readonly short _start = checked((short)start), _end = checked((short)end);
    private readonly byte _lane = checked((byte)lane);

    public int Merchant => _merchant;
    public int Warehouse => _warehouse;
    public int Lane => _lane;
    public int Start => _start;
    public int End => _end;
    public long PerHour => _perHour;

    /// <summary>The plan's order: merchant rank (bits 63..36), warehouse (35..20), lane (19..12), start hour (11..0).</summary>
    public long SortKey => ((long)_merchant << 36) | ((long)_warehouse << 20) | ((long)_lane << 12) | (long)_start;

    /// <summary>Orders slots by <see cref="SortKey"/> (unique per window, so any sort gives one order).</summary>
    public sealed class ByKey : IComparer<WindowSlot>
    {
        public static readonly ByKey Instance = new();
        public int Compare(WindowSlot a, WindowSlot b) => a.SortKey.CompareTo(b.SortKey);
    }
}

/// <summary>
/// The plan's windows, held as compact slots (sorted by merchant, warehouse, lane, start) and turned
/// into <see cref="ShipmentWindow"/> records only when read (merchant, warehouse, class, lane, start being
/// the order of merchant rank, unit index, lane, start): at national scale there are tens of
/// millions, and a record each would cost several times the slots.
/// </summary>
internal sealed class PlanWindows(WindowSlot[] slots, string[] merchants, WarehousePlan[] warehouses) : IReadOnlyList<ShipmentWindow>, IIndexedWindows
{
    private readonly string[] _warehouseCodes = [.. warehouses.Select(w => w.Code)];

    public int Count => slots.Length;
    internal WindowSlot[] Slots => slots;

    public IndexedWindow At(int index)
    {
        var s = slots[index];
        return new IndexedWindow(s.Merchant, s.Warehouse, s.Lane, s.Start, s.End, s.PerHour * (s.End - s.Start));
    }

    IReadOnlyList<string> IIndexedWindows.Merchants => merchants;
    IReadOnlyList<string> IIndexedWindows.Warehouses => _warehouseCodes;
    IReadOnlyList<(string Carrier, string Hub)> IIndexedWindows.Lanes(int warehouse) => warehouses[warehouse].LaneNames;
    HandlingClass IIndexedWindows.Handling(int warehouse) => warehouses[warehouse].Handling;

    public ShipmentWindow this[int index] => Window(slots[index]);

    internal ShipmentWindow Window(in WindowSlot s)
    {
        var (carrier, hub) = warehouses[s.Warehouse].LaneNames[s.Lane];
        var unit = warehouses[s.Warehouse];
        return new ShipmentWindow(merchants[s.Merchant], unit.Code, carrier, hub, s.Start, s.End, s.PerHour * (s.End - s.Start), unit.Handling);
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
/// parcels, so each hour is recovered exactly), in the windows' order: merchant, warehouse, class, carrier, hub, hour.
/// </summary>
internal sealed class PlanHandovers : IReadOnlyList<PlannedHandover>
{
    private readonly PlanWindows _windows;
    private long[]? _ends; // _ends[i] = handovers in windows 0..i, made on the first lookup by index (a run only enumerates)

    public PlanHandovers(PlanWindows windows)
    {
        _windows = windows;
        long n = 0;
        foreach (var s in windows.Slots) n += s.End - s.Start;
        Count = checked((int)n);
    }

    public int Count { get; }

    private long[] Ends()
    {
        if (_ends is { } ends) return ends;
        ends = new long[_windows.Count];
        long n = 0;
        for (int i = 0; i < ends.Length; i++) ends[i] = n += _windows.Slots[i].End - _windows.Slots[i].Start;
        return _ends = ends;
    }

    public PlannedHandover this[int index]
    {
        get
        {
            if ((uint)index >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(index));
            var ends = Ends();
            int i = Array.BinarySearch(ends, (long)index + 1);
            if (i < 0) i = ~i;
            var s = _windows.Slots[i];
            long before = i == 0 ? 0 : ends[i - 1];
            return Handover(s, s.Start + (int)(index - before));
        }
    }

    private PlannedHandover Handover(in WindowSlot s, int hour)
    {
        var (carrier, hub) = _windows.Warehouse(s).LaneNames[s.Lane];
        var unit = _windows.Warehouse(s);
        return new PlannedHandover(_windows.Merchant(s), unit.Code, carrier, hub, hour, s.PerHour, unit.Handling);
    }

    public IEnumerator<PlannedHandover> GetEnumerator()
    {
        foreach (var s in _windows.Slots)
            for (int h = s.Start; h < s.End; h++) yield return Handover(s, h);
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
