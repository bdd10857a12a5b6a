using Logistics.Domain.Network;

namespace Logistics.Domain.Forecasting;

/// <summary>
/// How past parcels were handed over: per merchant-warehouse, per warehouse and over the network,
/// parcels by carrier and by local hour. A forecast day is split over carriers and hours by them.
/// Bulky goods keep carriers of their own (a seller often sends its appliances by another carrier).
/// </summary>
internal sealed class HandoverHabits(ForecastUnits units, SignalModelOptions o)
{
    private readonly Dictionary<long, Dictionary<int, double>> _mwCarrier = [], _wCarrier = [], _mwBulky = [], _wBulky = [];
    private readonly Dictionary<long, double[]> _mwHour = [], _wHour = [];
    private readonly double[] _hour = new double[24];
    private readonly Dictionary<long, List<(int, double)>> _shareCache = [], _bulkyShareCache = [];
    private readonly Dictionary<long, double[]> _profileCache = [];

    public static long MwKey(int merchant, int warehouse) => ((long)merchant << 32) | (uint)warehouse;

    /// <summary>Parcels (or bulky goods) a unit handed to a carrier, added to its merchant-warehouse's and warehouse's counts.</summary>
    public void AddCarrier(int unit, int carrier, double parcels, bool bulky = false)
    {
        int mi = units.Merchant(unit), wi = units.Warehouse(unit);
        Add(bulky ? _mwBulky : _mwCarrier, MwKey(mi, wi), carrier, parcels);
        Add(bulky ? _wBulky : _wCarrier, wi, carrier, parcels);
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
        if (!Fill(_mwCarrier.GetValueOrDefault(key) ?? _wCarrier.GetValueOrDefault(warehouse), result)) FillFromLanes(warehouse, lanes, result);
        return result;
    }

    /// <summary>
    /// A merchant-warehouse's carrier shares for bulky goods: its past bulky ones, else its warehouse's,
    /// else its parcels' (<see cref="CarrierShares"/>).
    /// </summary>
    public List<(int Carrier, double Share)> BulkyCarrierShares(int merchant, int warehouse, Dictionary<int, List<int>> lanes)
    {
        var key = MwKey(merchant, warehouse);
        if (_bulkyShareCache.TryGetValue(key, out var cached)) return cached;
        var result = new List<(int, double)>();
        if (!Fill(_mwBulky.GetValueOrDefault(key) ?? _wBulky.GetValueOrDefault(warehouse), result)) result = CarrierShares(merchant, warehouse, lanes);
        _bulkyShareCache[key] = result;
        return result;
    }

    private bool Fill(Dictionary<int, double>? counts, List<(int, double)> result)
    {
        if (counts is null) return false;
        double total = 0;
        foreach (var v in counts.Values) total += v;
        foreach (var (c, v) in counts.OrderBy(kv => units.Carriers[kv.Key], StringComparer.Ordinal)) result.Add((c, v / total));
        return true;
    }

    private void FillFromLanes(int warehouse, Dictionary<int, List<int>> lanes, List<(int, double)> result)
    {
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
