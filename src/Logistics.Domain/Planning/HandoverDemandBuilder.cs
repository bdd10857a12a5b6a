using Logistics.Domain.Forecasting;
using Logistics.Domain.Network;

namespace Logistics.Domain.Planning;

/// <summary>
/// Reads forecast rows once, as they stream out of the forecast, into a <see cref="HandoverDemand"/>.
/// The rows of one merchant-warehouse pair must arrive together (the forecast yields them so, and
/// <see cref="From(PlanningInput)"/> sorts a list first); each pair is rounded and summed when the
/// next begins, so only one pair's rows are ever held. Within a pair the rows are put in the
/// canonical order (hour, carrier, region, P50, P90) before rounding, so the result does not depend
/// on the order rows arrive in.
/// </summary>
public sealed class HandoverDemandBuilder
{
    private static readonly StringComparer Ord = StringComparer.Ordinal;
    private readonly int _hours, _lag;
    private readonly List<HandoverForecast> _group = [];
    private double[] _values = [];
    private long[] _counts = [];
    private readonly LargestRemainder.Scratch _scratch = new();
    private readonly Dictionary<(string, string), MerchantDemand> _pairs = [];
    private readonly Dictionary<string, WarehouseDemand> _warehouses = new(Ord);
    private readonly Dictionary<(LoadNodeKind, string, string), double[][]> _unshaved = [];
    private readonly Dictionary<(string, string), string> _destHub = [];
    private readonly Dictionary<(string, string), Lane> _originLane = [];
    private long _rows;
    private double _parcels;

    public HandoverDemandBuilder(int hours, NetworkModel network, int pickupLagHours)
    {
        _hours = hours;
        _lag = Math.Max(0, pickupLagHours);
        // As the loads see them: the first hub by code per (carrier, region), the first lane by hub per (warehouse, carrier).
        foreach (var h in network.Hubs.OrderBy(h => h.Code, Ord)) _destHub.TryAdd((h.Carrier, h.Region), h.Code);
        foreach (var l in network.Lanes.OrderBy(l => l.Hub, Ord)) _originLane.TryAdd((l.Warehouse, l.Carrier), l);
    }

    /// <summary>The planner's view of a materialised forecast (tests, small runs): sorted canonically, then read.</summary>
    public static HandoverDemand From(PlanningInput input)
    {
        var b = new HandoverDemandBuilder(input.HorizonHours, input.Network, input.EffectiveSettings.PickupLagHours);
        foreach (var r in RowOrder.Sorted(input.Forecast.ToArray(), out _)) b.Add(r);
        return b.Build();
    }

    public void Add(HandoverForecast row)
    {
        _rows++;
        _parcels += row.P50;
        if (row.Hour < 0 || row.Hour >= _hours) return;
        if (_group.Count > 0 && (!Same(_group[0].Merchant, row.Merchant) || !Same(_group[0].Warehouse, row.Warehouse))) Flush();
        _group.Add(row);
    }

    /// <summary>
    /// All the rows of one merchant-warehouse at once, as the forecast produces them at scale: the
    /// same result as adding them one by one (<see cref="Add"/>), without an object per row.
    /// </summary>
    public void AddPair(HandoverPair pair)
    {
        Flush();
        for (var i = 0; i < pair.Count; i++) _parcels += pair.P50[i];
        _rows += pair.Count;
        if (_entries.Length < pair.Count) _entries = new Entry[Math.Max(pair.Count, 2 * _entries.Length)];
        if (_carrierRank.Length < pair.Carriers.Count) _carrierRank = new int[Math.Max(pair.Carriers.Count, 2 * _carrierRank.Length)];
        if (_regionRank.Length < pair.Regions.Count) _regionRank = new int[Math.Max(pair.Regions.Count, 2 * _regionRank.Length)];
        Array.Fill(_carrierRank, -1, 0, pair.Carriers.Count);
        Array.Fill(_regionRank, -1, 0, pair.Regions.Count);
        var n = 0;
        for (var i = 0; i < pair.Count; i++)
        {
            if (pair.Hour[i] < 0 || pair.Hour[i] >= _hours) continue;
            _carrierRank[pair.Carrier[i]] = _regionRank[pair.Region[i]] = 0; // used
            n++;
        }
        if (n == 0) return;
        var carriers = RankUsed(pair.Carriers, _carrierRank, _carriers);
        var regions = RankUsed(pair.Regions, _regionRank, _regions);
        n = 0;
        for (var i = 0; i < pair.Count; i++)
            if (pair.Hour[i] >= 0 && pair.Hour[i] < _hours)
                _entries[n++] = new Entry(pair.Hour[i], _carrierRank[pair.Carrier[i]], _regionRank[pair.Region[i]], pair.P50[i], pair.P90[i]);
        Sum(pair.Merchant, pair.Warehouse, n, carriers, regions);
    }

    private int[] _carrierRank = [], _regionRank = [];

    /// <summary>
    /// The used codes (rank 0 on entry, unused -1) sorted ordinal, as <see cref="Ranked"/> gives them
    /// for rows added one by one, and each used code's rank in that order.
    /// </summary>
    private static List<string> RankUsed(List<string> codes, int[] rank, List<string> into)
    {
        into.Clear();
        for (var c = 0; c < codes.Count; c++) if (rank[c] == 0) into.Add(codes[c]);
        into.Sort(StringComparer.Ordinal);
        for (var c = 0; c < codes.Count; c++) if (rank[c] >= 0) rank[c] = into.BinarySearch(codes[c], StringComparer.Ordinal);
        return into;
    }

    public HandoverDemand Build()
    {
        Flush();
        var pairs = _pairs.Values.OrderBy(p => p.Merchant, Ord).ThenBy(p => p.Warehouse, Ord).ToArray();
        return new HandoverDemand(_hours, _lag, pairs, _warehouses, _unshaved, _rows, _parcels);
    }

    private static bool Same(string a, string b) => ReferenceEquals(a, b) || string.Equals(a, b, StringComparison.Ordinal);

    /// <summary>One row of a pair, its carrier and region ranked by code, for sorting without comparing strings.</summary>
    private readonly record struct Entry(int Hour, int Carrier, int Region, double P50, double P90) : IComparable<Entry>
    {
        public int CompareTo(Entry b)
        {
            int c = Hour.CompareTo(b.Hour);
            if (c == 0) c = Carrier.CompareTo(b.Carrier);
            if (c == 0) c = Region.CompareTo(b.Region);
            if (c == 0) c = P50.CompareTo(b.P50);
            return c != 0 ? c : P90.CompareTo(b.P90);
        }
    }

    private Entry[] _entries = [], _sorted = [];
    private int[] _hourStart = [];

    /// <summary>
    /// Sorts the pair's entries: bucketed by hour in one pass (a pair has a few rows per hour), then
    /// each hour's few sorted by the rest of the key. Rows equal in every field of the key are
    /// interchangeable (the pair is the same), so how ties fall cannot show.
    /// </summary>
    private void SortByHour(int n)
    {
        if (_hourStart.Length < _hours + 1) _hourStart = new int[_hours + 1];
        if (_sorted.Length < _entries.Length) _sorted = new Entry[_entries.Length];
        Array.Clear(_hourStart, 0, _hours + 1);
        for (var i = 0; i < n; i++) _hourStart[_entries[i].Hour + 1]++;
        for (var h = 0; h < _hours; h++) _hourStart[h + 1] += _hourStart[h];
        for (var i = 0; i < n; i++) _sorted[_hourStart[_entries[i].Hour]++] = _entries[i];
        (_entries, _sorted) = (_sorted, _entries);
        for (int h = 0, from = 0; h < _hours; h++)
        {
            var to = _hourStart[h]; // after the scatter, each start has moved to its bucket's end
            // An hour holds a few rows (carriers × regions): insertion sort, no call per hour into Array.Sort.
            for (var i = from + 1; i < to; i++)
            {
                var e = _entries[i];
                var j = i - 1;
                for (; j >= from && _entries[j].CompareTo(e) > 0; j--) _entries[j + 1] = _entries[j];
                _entries[j + 1] = e;
            }
            from = to;
        }
    }
    private readonly List<string> _carriers = [], _regions = [];

    /// <summary>
    /// Sorts the pair's rows canonically (hour, carrier, region, P50, P90: carriers and regions ranked
    /// by ordinal code, the same order as comparing the codes), rounds and sums them. Per-row work is
    /// on small ranks and arrays looked up once per carrier and region of the pair: at national scale
    /// this reads 210 million rows, and string-keyed lookups per row were most of the forecast stage.
    /// </summary>
    private void Flush()
    {
        if (_group.Count == 0) return;
        string merchant = _group[0].Merchant, warehouse = _group[0].Warehouse;
        var n = _group.Count;
        var carriers = Ranked(_group, static r => r.Carrier, _carriers);
        var regions = Ranked(_group, static r => r.Region, _regions);
        if (_entries.Length < n) _entries = new Entry[Math.Max(n, 2 * _entries.Length)];
        for (var i = 0; i < n; i++)
        {
            var r = _group[i];
            _entries[i] = new Entry(r.Hour, Rank(carriers, r.Carrier), Rank(regions, r.Region), r.P50, r.P90);
        }
        _group.Clear();
        Sum(merchant, warehouse, n, carriers, regions);
    }

    /// <summary>Sorts one pair's first <paramref name="n"/> entries canonically, rounds and sums them.</summary>
    private void Sum(string merchant, string warehouse, int n, List<string> carriers, List<string> regions)
    {
        if (_pairs.ContainsKey((merchant, warehouse)))
            throw new ArgumentException($"forecast rows of {merchant} at {warehouse} are not together");
        SortByHour(n);
        if (_values.Length < n) (_values, _counts) = (new double[_entries.Length], new long[_entries.Length]);
        for (var i = 0; i < n; i++) _values[i] = _entries[i].P50;
        var counts = _counts;
        LargestRemainder.Round(_values.AsSpan(0, n), counts.AsSpan(0, n), _scratch);

        if (!_warehouses.TryGetValue(warehouse, out var wd)) _warehouses[warehouse] = wd = new WarehouseDemand(_hours);
        var keys = new PairKeys(this, warehouse, carriers, regions);
        var release = new int[_hours];
        double p50 = 0, p90 = 0;
        var byRegion = new double[regions.Count];
        var lines = new bool[carriers.Count * regions.Count];
        for (int i = 0; i < n; i++)
        {
            var e = _entries[i];
            if (counts[i] > 0)
            {
                release[e.Hour] = checked(release[e.Hour] + (int)counts[i]);
                wd.Release[e.Hour] += counts[i];
                keys.Habit(wd, e.Carrier)[e.Hour] += counts[i];
            }
            double v = Math.Max(0, e.P50), v90 = Math.Max(0, e.P90);
            p50 += v; p90 += v90;
            byRegion[e.Region] += v;
            lines[e.Carrier * regions.Count + e.Region] = true;
            AddUnshaved(keys, e, v, v90);
        }
        wd.P50 += p50; wd.P90 += p90;
        var shares = new List<(string, double)>();
        if (p50 > 0)
            for (var k = 0; k < regions.Count; k++)
                if (byRegion[k] > 0) shares.Add((regions[k], byRegion[k] / p50));
        var pairLines = new List<(string, string)>();
        for (var c = 0; c < carriers.Count; c++)
            for (var k = 0; k < regions.Count; k++)
                if (lines[c * regions.Count + k]) pairLines.Add((carriers[c], regions[k]));
        // In the order a SortedSet of the tuples kept them (the tuple's default comparer).
        pairLines.Sort(Comparer<(string, string)>.Default);
        _pairs[(merchant, warehouse)] = new MerchantDemand(merchant, warehouse, release, p50 > 0 ? p90 / p50 : 1.0, [.. shares], [.. pairLines]);
    }

    /// <summary>The distinct codes of one field of the pair's rows, sorted ordinal (a pair has a few carriers and regions).</summary>
    private static List<string> Ranked(List<HandoverForecast> rows, Func<HandoverForecast, string> field, List<string> into)
    {
        into.Clear();
        string? last = null;
        foreach (var r in rows)
        {
            var code = field(r);
            if (ReferenceEquals(code, last) || into.Contains(code, StringComparer.Ordinal)) { last = code; continue; }
            into.Add(code);
            last = code;
        }
        into.Sort(StringComparer.Ordinal);
        return into;
    }

    private static int Rank(List<string> ranked, string code)
    {
        for (var i = 0; i < ranked.Count; i++) if (ReferenceEquals(ranked[i], code)) return i;
        return ranked.BinarySearch(code, StringComparer.Ordinal);
    }

    /// <summary>
    /// The pair's node series, habits and lanes, looked up the first time a carrier (or carrier and
    /// region) needs them, exactly when the per-row lookups did, so series are created in the same order.
    /// </summary>
    private sealed class PairKeys(HandoverDemandBuilder b, string warehouse, List<string> carriers, List<string> regions)
    {
        private double[][]? _outbound;
        private readonly double[][]?[] _pickup = new double[][]?[carriers.Count], _origin = new double[][]?[carriers.Count];
        private readonly double[][]?[] _destination = new double[][]?[carriers.Count * regions.Count];
        private readonly long[]?[] _habit = new long[]?[carriers.Count];
        private readonly Lane?[] _lane = new Lane?[carriers.Count];
        private readonly bool[] _laneKnown = new bool[carriers.Count];
        private readonly string?[] _destHub = new string?[carriers.Count * regions.Count];
        private readonly bool[] _destKnown = new bool[carriers.Count * regions.Count];

        public string Warehouse => warehouse;
        public string Carrier(int c) => carriers[c];

        public long[] Habit(WarehouseDemand wd, int c)
        {
            if (_habit[c] is { } h) return h;
            if (!wd.Habit.TryGetValue(carriers[c], out h)) wd.Habit[carriers[c]] = h = new long[b._hours];
            return _habit[c] = h;
        }

        public double[][] Outbound() => _outbound ??= b.Series(LoadNodeKind.Outbound, warehouse, "");
        public double[][] Pickup(int c) => _pickup[c] ??= b.Series(LoadNodeKind.Pickup, warehouse, carriers[c]);
        public double[][] Origin(int c, Lane lane) => _origin[c] ??= b.Series(LoadNodeKind.OriginSort, lane.Hub, carriers[c]);
        public double[][] Destination(int c, int r, string hub) => _destination[c * regions.Count + r] ??= b.Series(LoadNodeKind.DestinationSort, hub, carriers[c]);

        public Lane? Lane(int c)
        {
            if (_laneKnown[c]) return _lane[c];
            _laneKnown[c] = true;
            return _lane[c] = b._originLane.TryGetValue((warehouse, carriers[c]), out var lane) ? lane : null;
        }

        public string? DestinationHub(int c, int r)
        {
            var i = c * regions.Count + r;
            if (_destKnown[i]) return _destHub[i];
            _destKnown[i] = true;
            return _destHub[i] = b._destHub.TryGetValue((carriers[c], regions[r]), out var hub) ? hub : null;
        }
    }

    private double[][] Series(LoadNodeKind kind, string node, string carrier)
    {
        if (!_unshaved.TryGetValue((kind, node, carrier), out var s))
            _unshaved[(kind, node, carrier)] = s = [new double[_hours], new double[_hours]];
        return s;
    }

    /// <summary>The natural (unshaved) handover as node loads, exactly as <see cref="LoadBuilder"/> describes (a node's series is made when an hour in the horizon first lands on it).</summary>
    private void AddUnshaved(PairKeys keys, Entry e, double p50, double p90)
    {
        if (p50 == 0 && p90 == 0) return;
        // Rows outside the horizon never reach here (Add drops them), so the warehouse's own hours are in it.
        Put(keys.Outbound(), e.Hour, p50, p90);
        Put(keys.Pickup(e.Carrier), e.Hour, p50, p90);
        if (keys.Lane(e.Carrier) is not { } lane) return;
        var origin = e.Hour + _lag;
        if (InHorizon(origin)) Put(keys.Origin(e.Carrier, lane), origin, p50, p90);
        if (keys.DestinationHub(e.Carrier, e.Region) is not { } dh) return;
        var destination = e.Hour + _lag + lane.TransitHours;
        if (InHorizon(destination)) Put(keys.Destination(e.Carrier, e.Region, dh), destination, p50, p90);
    }

    private bool InHorizon(int hour) => hour >= 0 && hour < _hours;

    private static void Put(double[][] series, int hour, double p50, double p90)
    {
        if (p50 != 0) series[0][hour] += p50;
        if (p90 != 0) series[1][hour] += p90;
    }
}
