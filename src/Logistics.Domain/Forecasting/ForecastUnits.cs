using Logistics.Domain.Demand;

namespace Logistics.Domain.Forecasting;

/// <summary>
/// The forecast's units (one merchant at one warehouse towards one region) and the interned codes
/// they are made of. Ids are dense and numbered in the order rows first name them, so every other
/// part of the model works on arrays.
/// </summary>
internal sealed class ForecastUnits
{
    private readonly Dictionary<long, int> _unitIds = [];
    private readonly List<int> _unitMerchant = [], _unitWarehouse = [], _unitRegion = [];
    private readonly Dictionary<(Interner, CodeTable), CodeMap> _maps = [];

    public Interner Merchants { get; } = new();
    public Interner Warehouses { get; } = new();
    public Interner Regions { get; } = new();
    public Interner Categories { get; } = new();
    public Interner Carriers { get; } = new();

    /// <summary>Units met so far; it grows while rows are read.</summary>
    public int Count => _unitMerchant.Count;

    public int Merchant(int unit) => _unitMerchant[unit];
    public int Warehouse(int unit) => _unitWarehouse[unit];
    public int Region(int unit) => _unitRegion[unit];

    public int Unit(CodeMap merchants, int merchant, CodeMap warehouses, int warehouse, CodeMap regions, int region)
    {
        int mi = merchants.Id(merchant), wi = warehouses.Id(warehouse), ri = regions.Id(region);
        var key = ((long)mi << 40) | ((long)wi << 20) | (uint)ri;
        if (_unitIds.TryGetValue(key, out var u)) return u;
        u = _unitMerchant.Count;
        _unitIds.Add(key, u);
        _unitMerchant.Add(mi); _unitWarehouse.Add(wi); _unitRegion.Add(ri);
        return u;
    }

    /// <summary>The model ids of a code table's indices (tables may share code tables; each pair is mapped once).</summary>
    public CodeMap Map(Interner interner, CodeTable codes)
    {
        if (!_maps.TryGetValue((interner, codes), out var map)) _maps[(interner, codes)] = map = new CodeMap(codes, interner);
        return map;
    }

    /// <summary>Orders units by merchant, warehouse and region code, for an output that does not follow input order.</summary>
    public int Compare(int a, int b)
    {
        var c = string.CompareOrdinal(Merchants[_unitMerchant[a]], Merchants[_unitMerchant[b]]);
        if (c == 0) c = string.CompareOrdinal(Warehouses[_unitWarehouse[a]], Warehouses[_unitWarehouse[b]]);
        return c != 0 ? c : string.CompareOrdinal(Regions[_unitRegion[a]], Regions[_unitRegion[b]]);
    }
}
