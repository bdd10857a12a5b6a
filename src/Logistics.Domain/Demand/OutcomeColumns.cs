using Logistics.Domain.Handling;

namespace Logistics.Domain.Demand;

/// <summary>
/// Outcome rows of one past campaign as columns: merchant, warehouse, carrier and region indices
/// into shared <see cref="CodeTable"/>s, the day (<see cref="DateOnly.DayNumber"/>), the local hour
/// and the parcels. About 20 bytes a row; the forecast reads these directly. Append-only; rows keep
/// the order they were added in. A row's handling class is part of its key: one merchant can ship
/// parcels and bulky goods in one hour through one carrier.
/// </summary>
public sealed class OutcomeColumns
{
    /// <summary>Stored for an hour outside 0..23 (only records built in memory can have one; such a row still counts for its day).</summary>
    public const byte NoHour = byte.MaxValue;

    private readonly Column<int> _merchant, _warehouse, _day;
    private readonly Column<ushort> _carrier, _region;
    private readonly Column<byte> _hour, _handling;
    private readonly CountColumn _parcels;

    public OutcomeColumns(CodeTable merchants, CodeTable warehouses, CodeTable carriers, CodeTable regions, int capacity = 0)
    {
        (Merchants, Warehouses, Carriers, Regions) = (merchants, warehouses, carriers, regions);
        (_merchant, _warehouse, _day) = (new(capacity), new(capacity), new(capacity));
        (_carrier, _region, _hour, _handling) = (new(capacity), new(capacity), new(capacity), new(capacity));
        _parcels = new CountColumn(capacity);
    }

    public CodeTable Merchants { get; }
    public CodeTable Warehouses { get; }
    public CodeTable Carriers { get; }
    public CodeTable Regions { get; }
    public int Rows => _day.Count;

    public int Merchant(int row) => _merchant.Items[row];
    public int Warehouse(int row) => _warehouse.Items[row];
    public int Carrier(int row) => _carrier.Items[row];
    public int Region(int row) => _region.Items[row];
    public int Day(int row) => _day.Items[row];
    /// <summary>The local hour 0..23, or <see cref="NoHour"/>.</summary>
    public int Hour(int row) => _hour.Items[row];
    public long Parcels(int row) => _parcels[row];
    public HandlingClass Handling(int row) => (HandlingClass)_handling.Items[row];

    public void Add(int merchant, int warehouse, int carrier, int region, int day, int hour, long parcels, HandlingClass handling = HandlingClass.Parcel)
    {
        _merchant.Add(merchant); _warehouse.Add(warehouse); _carrier.Add(checked((ushort)carrier)); _region.Add(checked((ushort)region)); _day.Add(day);
        _hour.Add(hour is >= 0 and < 24 ? (byte)hour : NoHour);
        _parcels.Add(parcels);
        _handling.Add((byte)handling);
    }

    /// <summary>Releases the spare capacity left by growing, once every row is in.</summary>
    public void Trim()
    {
        _merchant.Trim(); _warehouse.Trim(); _day.Trim(); _carrier.Trim(); _region.Trim(); _hour.Trim(); _handling.Trim();
        _parcels.Trim();
    }

    /// <summary>
    /// Puts row <c>order[i]</c> at row i, for a reader that receives rows in another order than the
    /// one it must hand on. Columns are permuted in place through one scratch buffer (or into an
    /// exact new array where growth left spare), so they end trimmed.
    /// </summary>
    public void Reorder(ReadOnlySpan<int> order)
    {
        if (order.Length != Rows) throw new ArgumentException($"an order of {order.Length} rows for {Rows}", nameof(order));
        var scratch = new PermuteScratch(Rows, _parcels.IsWide ? sizeof(long) : sizeof(int));
        _merchant.Permute(order, scratch); _warehouse.Permute(order, scratch); _day.Permute(order, scratch); _carrier.Permute(order, scratch);
        _region.Permute(order, scratch); _hour.Permute(order, scratch); _handling.Permute(order, scratch); _parcels.Permute(order, scratch);
    }

    /// <summary>
    /// Every row's fields as bytes, column by column (the row count first); the code tables are not
    /// included. The handling column only when a row is bulky, so outcomes of parcels alone digest as
    /// they did before classes existed.
    /// </summary>
    public void Digest(ByteSink sink)
    {
        sink(BitConverter.GetBytes(Rows));
        sink(_merchant.Bytes); sink(_warehouse.Bytes); sink(_carrier.Bytes); sink(_region.Bytes); sink(_day.Bytes); sink(_hour.Bytes);
        sink([_parcels.IsWide ? (byte)1 : (byte)0]); sink(_parcels.Bytes);
        if (_handling.Bytes.IndexOfAnyExcept((byte)HandlingClass.Parcel) >= 0) sink(_handling.Bytes);
    }

    /// <summary>The columns of records (tests, backtests, scenarios build inputs in memory), in their order, with codes numbered as first seen.</summary>
    public static OutcomeColumns From(IReadOnlyCollection<OutcomeRow> rows)
    {
        var t = new OutcomeColumns(new(), new(), new(), new(), rows.Count);
        foreach (var r in rows)
            t.Add(t.Merchants.Index(r.Merchant), t.Warehouses.Index(r.Warehouse), t.Carriers.Index(r.Carrier), t.Regions.Index(r.Region), r.Date.DayNumber, r.Hour, r.Parcels, r.Handling);
        return t;
    }
}
