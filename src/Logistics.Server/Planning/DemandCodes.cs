using System.Text;
using Dapper;
using Logistics.Domain.Demand;
using Npgsql;

namespace Logistics.Server.Planning;

/// <summary>
/// The code tables a snapshot's demand columns index into, read once in the snapshot's transaction
/// (ordered by code, so equal networks number alike), with the database id of each code: demand rows
/// are read by id, without joins. Categories are text in the demand rows themselves, so their table
/// are numbered per stream as first met in its rows (<see cref="IdLookup.Categories"/>), so streams
/// read at the same time share nothing they change. The id ranks give the demand keys' order.
/// </summary>
internal sealed class DemandCodes
{
    private readonly Dictionary<long, int> _merchants, _warehouses, _regions, _carriers;
    private readonly int[] _merchantRanks, _warehouseRanks, _regionRanks, _carrierRanks;

    private DemandCodes((CodeTable, Dictionary<long, int>) merchants, (CodeTable, Dictionary<long, int>) warehouses,
        (CodeTable, Dictionary<long, int>) regions, (CodeTable, Dictionary<long, int>) carriers)
    {
        (Merchants, _merchants) = merchants;
        (Warehouses, _warehouses) = warehouses;
        (Regions, _regions) = regions;
        (Carriers, _carriers) = carriers;
        (_merchantRanks, _warehouseRanks, _regionRanks, _carrierRanks) = (IdRanks(_merchants), IdRanks(_warehouses), IdRanks(_regions), IdRanks(_carriers));
        IdsFitInt32 = new[] { _merchants, _warehouses, _regions, _carriers }.All(d => d.Keys.All(id => id is >= 0 and <= int.MaxValue));
    }

    /// <summary>For each code's index, the rank of its database id among the table's ids: the demand keys order rows by id, not by code.</summary>
    private static int[] IdRanks(Dictionary<long, int> ids)
    {
        var byId = ids.OrderBy(p => p.Key).Select(p => p.Value).ToArray();
        var ranks = new int[byId.Length];
        for (var rank = 0; rank < byId.Length; rank++) ranks[byId[rank]] = rank;
        return ranks;
    }

    /// <summary>Whether every id fits 31 bits, so the demand COPY can pack two into one int8 (fewer fields to produce, send and parse).</summary>
    public bool IdsFitInt32 { get; }

    /// <summary>Rank of the id of merchant index <paramref name="index"/> (and so on): the key order of the demand tables.</summary>
    public int[] MerchantIdRanks => _merchantRanks;
    public int[] WarehouseIdRanks => _warehouseRanks;
    public int[] RegionIdRanks => _regionRanks;
    public int[] CarrierIdRanks => _carrierRanks;

    public CodeTable Merchants { get; }
    public CodeTable Warehouses { get; }
    public CodeTable Regions { get; }
    public CodeTable Carriers { get; }

    public static async Task<DemandCodes> ReadAsync(NpgsqlConnection conn, NpgsqlTransaction tx, CancellationToken ct)
    {
        async Task<(CodeTable, Dictionary<long, int>)> Of(string table)
        {
            var codes = new CodeTable();
            var ids = new Dictionary<long, int>();
            foreach (var (id, code) in await conn.QueryAsync<(long Id, string Code)>(new CommandDefinition(
                $"SELECT id, code FROM {table} ORDER BY code COLLATE \"C\"", transaction: tx, cancellationToken: ct)))
                ids[id] = codes.Index(code);
            return (codes, ids);
        }
        return new DemandCodes(await Of("merchants"), await Of("warehouses"), await Of("regions"), await Of("carriers"));
    }

    /// <summary>Id-to-index lookups for one table's stream (ids repeat in runs, rows come in key order, so each remembers the last) and its categories.</summary>
    public IdLookup Lookup() => new(this);

    internal sealed class IdLookup(DemandCodes codes)
    {
        private long _merchantId = -1, _warehouseId = -1;
        private int _merchant, _warehouse;

        public int Merchant(long id)
        {
            if (id != _merchantId) (_merchantId, _merchant) = (id, codes._merchants[id]);
            return _merchant;
        }

        public int Warehouse(long id)
        {
            if (id != _warehouseId) (_warehouseId, _warehouse) = (id, codes._warehouses[id]);
            return _warehouse;
        }

        private readonly List<(byte[] Utf8, int Index)> _categories = [];
        private int _lastCategory = -1;

        /// <summary>This stream's categories, numbered as first met.</summary>
        public CodeTable Categories { get; } = new();

        /// <summary>The index of a category given as UTF-8 (the previous one is tried first: rows of a unit cycle through a few).</summary>
        public int Category(ReadOnlySpan<byte> utf8)
        {
            if (_lastCategory >= 0 && utf8.SequenceEqual(_categories[_lastCategory].Utf8)) return _categories[_lastCategory].Index;
            for (var i = 0; i < _categories.Count; i++)
                if (utf8.SequenceEqual(_categories[i].Utf8)) { _lastCategory = i; return _categories[i].Index; }
            _categories.Add((utf8.ToArray(), Categories.Index(Encoding.UTF8.GetString(utf8))));
            _lastCategory = _categories.Count - 1;
            return _categories[_lastCategory].Index;
        }

        public int Region(long id) => codes._regions[id];
        public int Carrier(long id) => codes._carriers[id];
    }
}
