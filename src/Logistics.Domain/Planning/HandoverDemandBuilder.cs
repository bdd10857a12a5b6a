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
    private readonly List<double> _values = [];
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

    public HandoverDemand Build()
    {
        Flush();
        var pairs = _pairs.Values.OrderBy(p => p.Merchant, Ord).ThenBy(p => p.Warehouse, Ord).ToArray();
        return new HandoverDemand(_hours, _lag, pairs, _warehouses, _unshaved, _rows, _parcels);
    }

    private static bool Same(string a, string b) => ReferenceEquals(a, b) || string.Equals(a, b, StringComparison.Ordinal);

    private void Flush()
    {
        if (_group.Count == 0) return;
        string merchant = _group[0].Merchant, warehouse = _group[0].Warehouse;
        if (_pairs.ContainsKey((merchant, warehouse)))
            throw new ArgumentException($"forecast rows of {merchant} at {warehouse} are not together");
        _group.Sort(static (a, b) =>
        {
            int c = a.Hour.CompareTo(b.Hour);
            if (c == 0) c = string.CompareOrdinal(a.Carrier, b.Carrier);
            if (c == 0) c = string.CompareOrdinal(a.Region, b.Region);
            if (c == 0) c = a.P50.CompareTo(b.P50);
            return c != 0 ? c : a.P90.CompareTo(b.P90);
        });
        _values.Clear();
        foreach (var r in _group) _values.Add(r.P50);
        var counts = LargestRemainder.Round(_values);

        if (!_warehouses.TryGetValue(warehouse, out var wd)) _warehouses[warehouse] = wd = new WarehouseDemand(_hours);
        var release = new int[_hours];
        double p50 = 0, p90 = 0;
        var byRegion = new SortedDictionary<string, double>(Ord);
        var lines = new SortedSet<(string, string)>();
        for (int i = 0; i < _group.Count; i++)
        {
            var r = _group[i];
            if (counts[i] > 0)
            {
                release[r.Hour] = checked(release[r.Hour] + (int)counts[i]);
                wd.Release[r.Hour] += counts[i];
                if (!wd.Habit.TryGetValue(r.Carrier, out var habit)) wd.Habit[r.Carrier] = habit = new long[_hours];
                habit[r.Hour] += counts[i];
            }
            double v = Math.Max(0, r.P50), v90 = Math.Max(0, r.P90);
            p50 += v; p90 += v90;
            byRegion[r.Region] = byRegion.GetValueOrDefault(r.Region) + v;
            lines.Add((r.Carrier, r.Region));
            AddUnshaved(r, v, v90);
        }
        wd.P50 += p50; wd.P90 += p90;
        var regions = p50 > 0 ? byRegion.Where(kv => kv.Value > 0).Select(kv => (kv.Key, kv.Value / p50)).ToArray() : [];
        _pairs[(merchant, warehouse)] = new MerchantDemand(merchant, warehouse, release, p50 > 0 ? p90 / p50 : 1.0, regions, lines.ToArray());
        _group.Clear();
    }

    /// <summary>The natural (unshaved) handover as node loads, exactly as <see cref="LoadBuilder"/> describes.</summary>
    private void AddUnshaved(HandoverForecast r, double p50, double p90)
    {
        void At(LoadNodeKind kind, string node, string carrier, int hour)
        {
            if (hour < 0 || hour >= _hours) return;
            if (!_unshaved.TryGetValue((kind, node, carrier), out var s))
                _unshaved[(kind, node, carrier)] = s = [new double[_hours], new double[_hours]];
            if (p50 != 0) s[0][hour] += p50;
            if (p90 != 0) s[1][hour] += p90;
        }
        if (p50 == 0 && p90 == 0) return;
        At(LoadNodeKind.Outbound, r.Warehouse, "", r.Hour);
        At(LoadNodeKind.Pickup, r.Warehouse, r.Carrier, r.Hour);
        if (!_originLane.TryGetValue((r.Warehouse, r.Carrier), out var lane)) return;
        At(LoadNodeKind.OriginSort, lane.Hub, r.Carrier, r.Hour + _lag);
        if (!_destHub.TryGetValue((r.Carrier, r.Region), out var dh)) return;
        At(LoadNodeKind.DestinationSort, dh, r.Carrier, r.Hour + _lag + lane.TransitHours);
    }
}
