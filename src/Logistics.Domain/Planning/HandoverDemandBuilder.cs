using System.Collections.Concurrent;
using Logistics.Domain.Capacity;
using Logistics.Domain.Forecasting;
using Logistics.Domain.Handling;
using Logistics.Domain.Network;

namespace Logistics.Domain.Planning;

/// <summary>
/// Reads forecast rows once, as they stream out of the forecast, into a <see cref="HandoverDemand"/>.
/// The rows of one merchant-warehouse pair (of one handling class) must arrive together (the forecast yields them so, and
/// <see cref="From(PlanningInput)"/> sorts a list first); each pair is rounded and summed when the
/// next begins, so only one pair's rows are ever held (a few, with <see cref="AddPairs"/> preparing
/// pairs ahead). Within a pair the rows are put in the
/// canonical order (hour, carrier, region, P50, P90) before rounding, so the result does not depend
/// on the order rows arrive in.
/// </summary>
public sealed class HandoverDemandBuilder
{
    private static readonly StringComparer Ord = StringComparer.Ordinal;
    private readonly int _hours, _lag;
    private readonly List<HandoverForecast> _group = [];
    private readonly PreparedPair _prepared;
    private readonly Dictionary<(string, string, HandlingClass), MerchantDemand> _pairs = [];
    private readonly Dictionary<(string, HandlingClass), WarehouseDemand> _warehouses = [];
    private readonly Dictionary<(LoadNodeKind, string, string), double[][]> _unshaved = [];
    private readonly Dictionary<(string, string, string, HandlingClass), double[][]> _laneUnshaved = [];
    private readonly ClassRoutes _routes;
    private long _rows;
    private double _parcels;

    /// <param name="bulkyLines">The hubs with a bulky line (see <see cref="BulkyLines"/>); none when null.</param>
    public HandoverDemandBuilder(int hours, NetworkModel network, int pickupLagHours, IReadOnlySet<string>? bulkyLines = null)
    {
        _hours = hours;
        _lag = Math.Max(0, pickupLagHours);
        _prepared = new PreparedPair(hours);
        _routes = new ClassRoutes(network, bulkyLines);
    }

    /// <summary>The hubs with a bulky line: exactly those whose carrier gives <see cref="CapacityKind.BulkySort"/> for them.</summary>
    public static IReadOnlySet<string> BulkyLines(IEnumerable<CapacitySeries> capacities) =>
        capacities.Where(c => c.Kind == CapacityKind.BulkySort).Select(c => c.Node).ToHashSet(Ord);

    /// <summary>The planner's view of a materialised forecast (tests, small runs): sorted canonically, then read.</summary>
    public static HandoverDemand From(PlanningInput input)
    {
        var b = new HandoverDemandBuilder(input.HorizonHours, input.Network, input.EffectiveSettings.PickupLagHours, BulkyLines(input.Capacities));
        foreach (var r in RowOrder.Sorted(input.Forecast.ToArray(), out _)) b.Add(r);
        return b.Build();
    }

    public void Add(HandoverForecast row)
    {
        _rows++;
        _parcels += row.P50;
        if (row.Hour < 0 || row.Hour >= _hours) return;
        if (_group.Count > 0 && (!Same(_group[0].Merchant, row.Merchant) || !Same(_group[0].Warehouse, row.Warehouse) || _group[0].Handling != row.Handling)) Flush();
        _group.Add(row);
    }

    /// <summary>
    /// All the rows of one merchant-warehouse at once, as the forecast produces them at scale: the
    /// same result as adding them one by one (<see cref="Add"/>), without an object per row.
    /// </summary>
    public void AddPair(HandoverPair pair)
    {
        Flush();
        _prepared.From(pair);
        Accumulate(_prepared);
    }

    /// <summary>
    /// Every pair of a forecast, as <see cref="AddPair"/> one after the other, with each pair made
    /// ready (ranked, sorted, rounded) on another thread while the previous one is summed: two cores
    /// instead of one for the largest part of the hand-off. Pairs are summed in the order given, so
    /// the result is the same to the bit.
    /// </summary>
    public void AddPairs(IEnumerable<HandoverPair> pairs)
    {
        Flush();
        // Pairs travel in batches: a hand-over per pair (about 250,000 nationally) cost more in
        // wake-ups between the two threads than summing the pair did.
        const int Ahead = 3, Batch = 32;
        using var free = new BlockingCollection<Prepared>();
        using var ready = new BlockingCollection<Prepared>();
        for (var i = 0; i < Ahead; i++) free.Add(new Prepared(Enumerable.Range(0, Batch).Select(_ => new PreparedPair(_hours)).ToArray()));
        using var stop = new CancellationTokenSource();
        var producer = Task.Run(() =>
        {
            Prepared? batch = null;
            try
            {
                batch = free.Take(stop.Token);
                foreach (var pair in pairs)
                {
                    stop.Token.ThrowIfCancellationRequested();
                    batch.Pairs[batch.Count].From(pair);
                    if (++batch.Count < Batch) continue;
                    var full = batch;
                    batch = null;
                    ready.Add(full);
                    batch = free.Take(stop.Token);
                }
            }
            finally
            {
                // The pairs made ready before a failure are summed first, as one at a time they were:
                // an error of theirs (rows of a pair apart) is the one reported.
                if (batch is { Count: > 0 } && !stop.IsCancellationRequested) ready.Add(batch);
                ready.CompleteAdding();
            }
        });
        try
        {
            foreach (var batch in ready.GetConsumingEnumerable())
            {
                for (var i = 0; i < batch.Count; i++) Accumulate(batch.Pairs[i]);
                batch.Count = 0;
                free.Add(batch);
            }
        }
        catch
        {
            // Stop the producer and wait for it, so nothing runs on after this call or on disposed collections.
            stop.Cancel();
            try { producer.Wait(); } catch (AggregateException) { } // its cancellation, or a failure that came second
            throw;
        }
        producer.GetAwaiter().GetResult(); // the producer's failure, if any
    }

    /// <summary>A batch of pairs made ready, the first <see cref="Count"/> in use.</summary>
    private sealed class Prepared(PreparedPair[] pairs)
    {
        public PreparedPair[] Pairs { get; } = pairs;
        public int Count { get; set; }
    }

    public HandoverDemand Build()
    {
        Flush();
        var pairs = _pairs.Values.OrderBy(p => p.Merchant, Ord).ThenBy(p => p.Warehouse, Ord).ThenBy(p => p.Handling).ToArray();
        return new HandoverDemand(_hours, _lag, pairs, _warehouses, _unshaved, _laneUnshaved, _rows, _parcels);
    }

    private static bool Same(string a, string b) => ReferenceEquals(a, b) || string.Equals(a, b, StringComparison.Ordinal);

    /// <summary>Sums the pair whose rows were added one by one (see <see cref="PreparedPair"/> for the canonical order and rounding).</summary>
    private void Flush()
    {
        if (_group.Count == 0) return;
        _prepared.From(_group);
        _group.Clear();
        Accumulate(_prepared);
    }

    /// <summary>
    /// Sums one prepared pair into the demand (its rows' totals first, in the order they were read).
    /// Per-row work is on small ranks and arrays looked up once per carrier and region of the pair: at
    /// national scale this reads 210 million rows, and string-keyed lookups per row were most of the
    /// forecast stage.
    /// </summary>
    private void Accumulate(PreparedPair prepared)
    {
        _rows += prepared.Rows;
        for (var i = 0; i < prepared.Rows; i++) _parcels += prepared.P50InOrder[i];
        var n = prepared.Count;
        if (n == 0) return;
        string merchant = prepared.Merchant, warehouse = prepared.Warehouse;
        var handling = prepared.Handling;
        if (_pairs.ContainsKey((merchant, warehouse, handling)))
            throw new ArgumentException($"forecast rows of {merchant} at {warehouse} ({HandlingClasses.Name(handling)}) are not together");
        if (!_warehouses.TryGetValue((warehouse, handling), out var wd)) _warehouses[(warehouse, handling)] = wd = new WarehouseDemand(_hours);
        var keys = new PairKeys(this, warehouse, handling, prepared.Carriers, prepared.Regions);
        var (entries, counts) = (prepared.Entries, prepared.Counts);
        for (int i = 0; i < n; i++)
        {
            var e = entries[i];
            if (counts[i] > 0)
            {
                wd.Release[e.Hour] += counts[i];
                keys.Habit(wd, e.Carrier)[e.Hour] += counts[i];
            }
            AddUnshaved(keys, e, Math.Max(0, e.P50), Math.Max(0, e.P90));
        }
        wd.P50 += prepared.P50; wd.P90 += prepared.P90;
        _pairs[(merchant, warehouse, handling)] = new MerchantDemand(merchant, warehouse, prepared.Release,
            prepared.P50 > 0 ? prepared.P90 / prepared.P50 : 1.0, prepared.Shares, prepared.Lines, handling);
    }

    /// <summary>
    /// The pair's node series, habits and lanes, looked up the first time a carrier (or carrier and
    /// region) needs them, exactly when the per-row lookups did, so series are created in the same order.
    /// A bulky pair's nodes are the bulky kinds, and it has no outbound (see <see cref="LoadNodeKinds"/>).
    /// </summary>
    private sealed class PairKeys(HandoverDemandBuilder b, string warehouse, HandlingClass handling, List<string> carriers, List<string> regions)
    {
        public bool HasOutbound => handling == HandlingClass.Parcel;
        private double[][]? _outbound;
        private readonly double[][]?[] _pickup = new double[][]?[carriers.Count], _origin = new double[][]?[carriers.Count];
        private readonly double[][]?[] _destination = new double[][]?[carriers.Count * regions.Count];
        private readonly double[][]?[] _line = new double[][]?[carriers.Count * regions.Count];
        private readonly long[]?[] _habit = new long[]?[carriers.Count];
        private readonly Lane?[] _lane = new Lane?[carriers.Count];
        private readonly bool[] _laneKnown = new bool[carriers.Count];
        private readonly string?[] _destHub = new string?[carriers.Count * regions.Count];
        private readonly bool[] _destKnown = new bool[carriers.Count * regions.Count];


        public long[] Habit(WarehouseDemand wd, int c)
        {
            if (_habit[c] is { } h) return h;
            if (!wd.Habit.TryGetValue(carriers[c], out h)) wd.Habit[carriers[c]] = h = new long[b._hours];
            return _habit[c] = h;
        }

        public double[][] Outbound() => _outbound ??= b.Series(LoadNodeKind.Outbound, warehouse, "");
        public double[][] Pickup(int c) => _pickup[c] ??= b.Series(LoadNodeKinds.Of(LoadNodeKind.Pickup, handling), warehouse, carriers[c]);
        public double[][] Origin(int c, Lane lane) => _origin[c] ??= b.Series(LoadNodeKinds.Of(LoadNodeKind.OriginSort, handling), lane.Hub, carriers[c]);
        public double[][] Destination(int c, int r, string hub) => _destination[c * regions.Count + r] ??= b.Series(LoadNodeKinds.Of(LoadNodeKind.DestinationSort, handling), hub, carriers[c]);
        public double[][] Line(int c, int r, Lane lane, string hub) => _line[c * regions.Count + r] ??= b.LaneSeries(carriers[c], lane.Hub, hub, handling);

        public Lane? Lane(int c)
        {
            if (_laneKnown[c]) return _lane[c];
            _laneKnown[c] = true;
            return _lane[c] = b._routes.OriginLane(handling, warehouse, carriers[c]);
        }

        public string? DestinationHub(int c, int r)
        {
            var i = c * regions.Count + r;
            if (_destKnown[i]) return _destHub[i];
            _destKnown[i] = true;
            return _destHub[i] = b._routes.DestinationHub(handling, carriers[c], regions[r]);
        }
    }

    private double[][] Series(LoadNodeKind kind, string node, string carrier)
    {
        if (!_unshaved.TryGetValue((kind, node, carrier), out var s))
            _unshaved[(kind, node, carrier)] = s = [new double[_hours], new double[_hours]];
        return s;
    }

    private double[][] LaneSeries(string carrier, string origin, string destination, HandlingClass handling)
    {
        if (!_laneUnshaved.TryGetValue((carrier, origin, destination, handling), out var s))
            _laneUnshaved[(carrier, origin, destination, handling)] = s = [new double[_hours], new double[_hours]];
        return s;
    }

    /// <summary>The natural (unshaved) handover as node loads, exactly as <see cref="LoadBuilder"/> describes (a node's series is made when an hour in the horizon first lands on it).</summary>
    private void AddUnshaved(PairKeys keys, PairEntry e, double p50, double p90)
    {
        if (p50 == 0 && p90 == 0) return;
        // Rows outside the horizon never reach here (Add drops them), so the warehouse's own hours are in it.
        if (keys.HasOutbound) Put(keys.Outbound(), e.Hour, p50, p90);
        Put(keys.Pickup(e.Carrier), e.Hour, p50, p90);
        if (keys.Lane(e.Carrier) is not { } lane) return;
        var origin = e.Hour + _lag;
        if (InHorizon(origin)) Put(keys.Origin(e.Carrier, lane), origin, p50, p90);
        if (keys.DestinationHub(e.Carrier, e.Region) is not { } dh) return;
        var destination = e.Hour + _lag + lane.TransitHours;
        if (!InHorizon(destination)) return;
        Put(keys.Destination(e.Carrier, e.Region, dh), destination, p50, p90);
        Put(keys.Line(e.Carrier, e.Region, lane, dh), destination, p50, p90);
    }

    private bool InHorizon(int hour) => hour >= 0 && hour < _hours;

    private static void Put(double[][] series, int hour, double p50, double p90)
    {
        if (p50 != 0) series[0][hour] += p50;
        if (p90 != 0) series[1][hour] += p90;
    }
}
