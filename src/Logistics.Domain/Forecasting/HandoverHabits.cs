using Logistics.Domain.Network;

namespace Logistics.Domain.Forecasting;

/// <summary>
/// How past parcels were handed over: per merchant-warehouse, per warehouse and over the network,
/// parcels by carrier and by local hour. A forecast day is split over carriers and hours by them.
/// </summary>
internal sealed class HandoverHabits(ForecastUnits units, SignalModelOptions o)
{
    private readonly Dictionary<long, Dictionary<int, double>> _mwCarrier = [], _wCarrier = [];
    private readonly Dictionary<long, double[]> _mwHour = [], _wHour = [];
    private readonly double[] _hour = new double[24];
    private readonly Dictionary<long, List<(int, double)>> _shareCache = [];
    private readonly Dictionary<long, double[]> _profileCache = [];

    public static long MwKey(int merchant, int warehouse) => ((long)merchant << 32) | (uint)warehouse;

    /// <summary>Parcels a unit handed to a carrier, added to its merchant-warehouse's and warehouse's counts.</summary>
    public void AddCarrier(int unit, int carrier, double parcels)
    {
        int mi = units.Merchant(unit), wi = units.Warehouse(unit);
        Add(_mwCarrier, MwKey(mi, wi), carrier, parcels);
        Add(_wCarrier, wi, carrier, parcels);
    }

    /// <summary>A unit's parcels per local hour, added to its merchant-warehouse's, warehouse's and the network's.</summary>
    public void AddHours(int unit, double[] h)
    {
        int mi = units.Merchant(unit), wi = units.Warehouse(unit);
        var mw = Hours(_mwHour, MwKey(mi, wi));
        var w = Hours(_wHour, wi);
        for (var k = 0; k < 24; k++) { mw[k] += h[k]; w[k] += h[k]; _hour[k] += h[k]; }
    }

    private static void Add(Dictionary<long, Dictionary<int, double>> map, long key, int carrier, double parcels)
    {
        if (!map.TryGetValue(key, out var d)) map[key] = d = [];
        d[carrier] = d.GetValueOrDefault(carrier) + parcels;
    }

    private static double[] Hours(Dictionary<long, double[]> map, long key)
    {
        if (!map.TryGetValue(key, out var h)) map[key] = h = new double[24];
        return h;
    }

    /// <summary>The carriers with a lane at each warehouse, by carrier code.</summary>
    public Dictionary<int, List<int>> LaneCarriers(NetworkModel? network)
    {
        var map = new Dictionary<int, List<int>>();
        if (network is null) return map;
        foreach (var lane in network.Lanes.OrderBy(l => l.Carrier, StringComparer.Ordinal))
        {
            var w = units.Warehouses.Find(lane.Warehouse);
            if (w < 0) continue;
            if (!map.TryGetValue(w, out var list)) map[w] = list = [];
            var c = units.Carriers.Id(lane.Carrier);
            if (!list.Contains(c)) list.Add(c);
        }
        return map;
    }

    /// <summary>A merchant-warehouse's carrier shares: its past ones, else its warehouse's, else the warehouse's lanes evenly.</summary>
    public List<(int Carrier, double Share)> CarrierShares(int merchant, int warehouse, Dictionary<int, List<int>> lanes)
    {
        var key = MwKey(merchant, warehouse);
        if (_shareCache.TryGetValue(key, out var cached)) return cached;
        var result = new List<(int, double)>();
        _shareCache[key] = result;
        FillCarrierShares(merchant, warehouse, lanes, result);
        return result;
    }

    private void FillCarrierShares(int merchant, int warehouse, Dictionary<int, List<int>> lanes, List<(int, double)> result)
    {
        if (!_mwCarrier.TryGetValue(MwKey(merchant, warehouse), out var counts)) _wCarrier.TryGetValue(warehouse, out counts);
        if (counts is not null)
        {
            double total = 0;
            foreach (var v in counts.Values) total += v;
            foreach (var (c, v) in counts.OrderBy(kv => units.Carriers[kv.Key], StringComparer.Ordinal)) result.Add((c, v / total));
            return;
        }
        if (lanes.TryGetValue(warehouse, out var list))
        {
            foreach (var c in list) result.Add((c, 1.0 / list.Count));
            return;
        }
        result.Add((units.Carriers.Id(""), 1.0)); // no carrier known for this warehouse
    }

    /// <summary>A merchant-warehouse's share of a day per local hour: its own habit blended with its warehouse's and the network's.</summary>
    public double[] HourProfile(int merchant, int warehouse)
    {
        var key = MwKey(merchant, warehouse);
        if (_profileCache.TryGetValue(key, out var cached)) return cached;
        var profile = new double[24];
        _profileCache[key] = profile;
        // Network profile, else flat over the day.
        double total = 0;
        foreach (var v in _hour) total += v;
        for (var h = 0; h < 24; h++) profile[h] = total > 0 ? _hour[h] / total : 1.0 / 24;
        Blend(_wHour.GetValueOrDefault(warehouse), profile);
        Blend(_mwHour.GetValueOrDefault(key), profile);
        return profile;
    }

    private void Blend(double[]? counts, double[] profile)
    {
        if (counts is null) return;
        double n = 0;
        foreach (var v in counts) n += v;
        if (n <= 0) return;
        var w = n / (n + o.HourPriorParcels);
        for (var h = 0; h < 24; h++) profile[h] = w * counts[h] / n + (1 - w) * profile[h];
    }
}
