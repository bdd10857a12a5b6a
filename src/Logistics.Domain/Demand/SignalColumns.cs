namespace Logistics.Domain.Demand;

/// <summary>
/// Signal rows of one campaign as columns: per row a merchant, warehouse, region and category index
/// into shared <see cref="CodeTable"/>s, the day (<see cref="DateOnly.DayNumber"/>), the five counts
/// and which of them are known (an unknown count is not zero). About 37 bytes a row instead of a
/// record with five strings and five nullable longs; the forecast reads these directly. Append-only;
/// rows keep the order they were added in.
/// </summary>
public sealed class SignalColumns
{
    /// <summary>The five counts, in the order of <see cref="Count(int, int)"/>'s kind and of the bits of <see cref="KnownBits"/>.</summary>
    public const int PageViews = 0, Carts = 1, Favorites = 2, Deposits = 3, PresaleOrders = 4, Kinds = 5;

    private readonly Column<int> _merchant, _warehouse, _day;
    private readonly Column<ushort> _region, _category;
    private readonly Column<byte> _known;
    private readonly CountColumn[] _counts = new CountColumn[Kinds];

    public SignalColumns(CodeTable merchants, CodeTable warehouses, CodeTable regions, CodeTable categories, int capacity = 0)
    {
        (Merchants, Warehouses, Regions, Categories) = (merchants, warehouses, regions, categories);
        (_merchant, _warehouse, _day) = (new(capacity), new(capacity), new(capacity));
        (_region, _category, _known) = (new(capacity), new(capacity), new(capacity));
        for (var k = 0; k < Kinds; k++) _counts[k] = new CountColumn(capacity);
    }

    public CodeTable Merchants { get; }
    public CodeTable Warehouses { get; }
    public CodeTable Regions { get; }
    public CodeTable Categories { get; private set; }
    public int Rows => _day.Count;

    public int Merchant(int row) => _merchant.Items[row];
    public int Warehouse(int row) => _warehouse.Items[row];
    public int Region(int row) => _region.Items[row];
    public int Category(int row) => _category.Items[row];
    public int Day(int row) => _day.Items[row];
    public int KnownBits(int row) => _known.Items[row];
    /// <summary>Count <paramref name="kind"/> of the row; 0 when unknown (see <see cref="KnownBits"/>).</summary>
    public long Count(int row, int kind) => _counts[kind][row];
    public long? CountOrNull(int row, int kind) => (_known.Items[row] & (1 << kind)) != 0 ? _counts[kind][row] : null;

    /// <summary>The largest day of any row, or null when there are none.</summary>
    public int? MaxDay()
    {
        if (Rows == 0) return null;
        var max = int.MinValue;
        foreach (var d in _day.Items.AsSpan(0, Rows)) if (d > max) max = d;
        return max;
    }

    public void Add(int merchant, int warehouse, int region, int category, int day,
        long? pageViews, long? carts, long? favorites, long? deposits, long? presaleOrders)
    {
        _merchant.Add(merchant); _warehouse.Add(warehouse); _region.Add(checked((ushort)region)); _category.Add(checked((ushort)category)); _day.Add(day);
        var known = 0;
        void Count(int kind, long? v)
        {
            if (v is { } x) known |= 1 << kind;
            _counts[kind].Add(v ?? 0);
        }
        Count(PageViews, pageViews); Count(Carts, carts); Count(Favorites, favorites); Count(Deposits, deposits); Count(PresaleOrders, presaleOrders);
        _known.Add((byte)known);
    }

    /// <summary>Releases the spare capacity left by growing, once every row is in.</summary>
    public void Trim()
    {
        _merchant.Trim(); _warehouse.Trim(); _day.Trim(); _region.Trim(); _category.Trim(); _known.Trim();
        foreach (var c in _counts) c.Trim();
    }

    /// <summary>
    /// Puts row <c>order[i]</c> at row i, for a reader that receives rows in another order than the
    /// one it must hand on. Columns are permuted in place through one scratch buffer (or into an
    /// exact new array where growth left spare), so they end trimmed. The categories are then
    /// renumbered as first met in the new order (a new table): how a reader numbers them, so the
    /// result equals reading the rows in that order.
    /// </summary>
    public void Reorder(ReadOnlySpan<int> order)
    {
        if (order.Length != Rows) throw new ArgumentException($"an order of {order.Length} rows for {Rows}", nameof(order));
        var scratch = new PermuteScratch(Rows, _counts.Any(c => c.IsWide) ? sizeof(long) : sizeof(int));
        _merchant.Permute(order, scratch); _warehouse.Permute(order, scratch); _day.Permute(order, scratch); _region.Permute(order, scratch);
        _category.Permute(order, scratch); _known.Permute(order, scratch);
        foreach (var c in _counts) c.Permute(order, scratch);
        var renumber = new int[Categories.Count];
        Array.Fill(renumber, -1);
        var categories = new CodeTable();
        var items = _category.Items.AsSpan(0, Rows);
        foreach (ref var c in items)
        {
            if (renumber[c] < 0) renumber[c] = categories.Index(Categories[c]);
            c = checked((ushort)renumber[c]);
        }
        Categories = categories;
    }

    /// <summary>
    /// Every row's fields as bytes, column by column (the row count first): equal columns give equal
    /// bytes, and any change in a row changes them. The code tables are not included.
    /// </summary>
    public void Digest(ByteSink sink)
    {
        sink(BitConverter.GetBytes(Rows));
        sink(_merchant.Bytes); sink(_warehouse.Bytes); sink(_region.Bytes); sink(_category.Bytes); sink(_day.Bytes); sink(_known.Bytes);
        foreach (var c in _counts) { sink([c.IsWide ? (byte)1 : (byte)0]); sink(c.Bytes); }
    }

    /// <summary>The columns of records (tests, backtests, scenarios build inputs in memory), in their order, with codes numbered as first seen.</summary>
    public static SignalColumns From(IReadOnlyCollection<SignalRow> rows)
    {
        var t = new SignalColumns(new(), new(), new(), new(), rows.Count);
        foreach (var r in rows)
            t.Add(t.Merchants.Index(r.Merchant), t.Warehouses.Index(r.Warehouse), t.Regions.Index(r.Region), t.Categories.Index(r.Category), r.Date.DayNumber,
                r.PageViews, r.Carts, r.Favorites, r.Deposits, r.PresaleOrders);
        return t;
    }
}
