using Logistics.Domain.Capacity;
using Logistics.Domain.Forecasting;
using Logistics.Domain.Handling;
using Logistics.Domain.Network;

namespace Logistics.Domain.Planning;

// Why a min-cost flow on a time-expanded network, one commodity per warehouse: docs/design/planner.md.

/// <summary>The pure peak-shaving planner: <see cref="Plan"/> turns a forecast into windows and loads.</summary>
public static class PeakShavingPlanner
{
    private static readonly StringComparer Ord = StringComparer.Ordinal;

    /// <param name="stage">Optional: told each stage's name and duration (demand, prepare, solve, merge, loads)
    /// so a caller can report timings; it never affects the result.</param>
    public static PlanResult Plan(PlanningInput input, Action<string, TimeSpan>? stage = null)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var demand = HandoverDemandBuilder.From(input);
        stage?.Invoke("demand", clock.Elapsed);
        return Plan(demand, input.Network, input.Capacities, input.ShipWithinHours, input.Settings, stage);
    }

    /// <summary>Plans from the forecast's compact hand-off (see <see cref="HandoverDemandBuilder"/>).</summary>
    public static PlanResult Plan(HandoverDemand demand, NetworkModel network, IReadOnlyList<CapacitySeries> capacities,
        int shipWithinHours = 72, PlannerSettings? plannerSettings = null, Action<string, TimeSpan>? stage = null)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        void Stage(string name) { stage?.Invoke(name, clock.Elapsed); clock.Restart(); }
        int hours = demand.HorizonHours;
        if (hours <= 0 || hours >= 4096) throw new ArgumentOutOfRangeException(nameof(demand), "horizon must be 1..4095 hours");
        int shipWithin = Math.Max(0, shipWithinHours);
        var settings = plannerSettings ?? PlannerSettings.Default;
        int lag = Math.Max(0, settings.PickupLagHours);
        if (lag != demand.PickupLagHours) throw new ArgumentException($"the demand was summed with a pickup lag of {demand.PickupLagHours} h, the planner uses {lag} h", nameof(demand));
        var caps = new CapacityIndex(capacities, hours);

        // 1. Integer releases per (merchant, warehouse, class), already rounded by the demand. Each
        // (warehouse, class) is a unit of its own, in the order of code, then class.
        var units = demand.Warehouses.Keys.OrderBy(k => k.Warehouse, Ord).ThenBy(k => k.Handling).ToArray();
        var whIndex = new Dictionary<(string, HandlingClass), int>(units.Length);
        for (int w = 0; w < units.Length; w++) whIndex[units[w]] = w;
        var codes = units.Select(u => u.Warehouse).ToHashSet(Ord);
        var lanesByWarehouse = network.Lanes
            .Where(l => codes.Contains(l.Warehouse))
            .GroupBy(l => l.Warehouse, Ord)
            .ToDictionary(g => g.Key, g => g.OrderBy(l => l.Carrier, Ord).ThenBy(l => l.Hub, Ord).ThenBy(l => l.TransitHours)
                .DistinctBy(l => (l.Carrier, l.Hub)).ToArray(), Ord);
        // A hub without a bulky line is no lane for bulky parcels at all (not an unknown capacity).
        Lane[] LanesOf((string Warehouse, HandlingClass Handling) unit)
        {
            var lanes = lanesByWarehouse.GetValueOrDefault(unit.Warehouse) ?? [];
            return unit.Handling == HandlingClass.Parcel ? lanes : lanes.Where(l => caps.BulkyLines.Contains(l.Hub)).ToArray();
        }

        // Limits of the integer sort keys of the output (far above the national scale).
        if (units.Length >= 1 << 16 || lanesByWarehouse.Values.Any(l => l.Length >= 256))
            throw new ArgumentException("at most 65,535 warehouse units and 255 lanes per warehouse", nameof(network));
        var whs = new WarehousePlan[units.Length];
        for (int w = 0; w < units.Length; w++)
        {
            whs[w] = new WarehousePlan(units[w].Warehouse, units[w].Handling, LanesOf(units[w]), hours);
            whs[w].SetDemand(demand.Warehouses[units[w]]);
        }
        // Pairs are sorted by merchant, so ranks are ordinal and each unit gets its merchants in order.
        var merchantNames = new List<string>();
        foreach (var p in demand.Pairs)
        {
            if (!p.Release.Any(r => r > 0)) continue;
            if (merchantNames.Count == 0 || !string.Equals(merchantNames[^1], p.Merchant, StringComparison.Ordinal)) merchantNames.Add(p.Merchant);
            whs[whIndex[(p.Warehouse, p.Handling)]].AddMerchant(p.Merchant, merchantNames.Count - 1, p.Release);
        }
        if (merchantNames.Count >= 1 << 27) throw new ArgumentException("at most 134,217,727 merchants", nameof(demand));

        Stage("prepare");

        // 2. One time-expanded network per connected component (units sharing an origin hub's line of their
        // class; the classes share no arc, so a warehouse's two units meet only through hubs): the
        // components are independent problems, so solving them apart (and in parallel) is still exact
        // and deterministic — each writes only its own warehouses' results, and its memory follows
        // its own warehouses × hours, not the merchants behind them.
        var components = Components(whs);
        var costs = new long[components.Length];
        var sents = new long[components.Length];
        var totals = new long[components.Length];
        var ctx = new TimeExpandedNetwork.Context(hours, shipWithin, lag, settings, caps);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, Environment.ProcessorCount) };
        Parallelism.Unwrapped(() => Parallel.For(0, components.Length, parallel,
            i =>
            {
                var (members, hubsOf) = components[i];
                (sents[i], costs[i], totals[i]) = TimeExpandedNetwork.Solve(ctx, members, hubsOf);
                // A component's warehouses only read its solved graph and write their own results:
                // split in parallel too, since national scale is one component of most warehouses.
                Parallel.For(0, members.Length, parallel, w => members[w].Disaggregate(shipWithin, whIndex[(members[w].Code, members[w].Handling)]));
            }));
        long cost = costs.Sum(), total = totals.Sum(), sent = sents.Sum();
        if (sent != total) throw new InvalidOperationException($"planner sent {sent} of {total} parcels");

        Stage("solve");

        // 3. Back to merchants, carriers and hubs (disaggregated per component above). The windows are
        // put in the plan's order (merchant, warehouse, lane, start) by counting them out per merchant,
        // a warehouse's list freed as soon as it is copied, then sorting each merchant's few: at
        // national scale that holds the windows about once, where sorting them by a key array held
        // them and their keys twice over.
        var slots = SortedWindows(whs, merchantNames.Count);
        // By rank, which is the merchants' ordinal order.
        var stats = new MerchantAccumulator?[merchantNames.Count];
        foreach (var wp in whs)
            foreach (var (rank, acc) in wp.MerchantStats)
                (stats[rank] ??= new MerchantAccumulator()).Merge(acc);
        var windows = new PlanWindows(slots, merchantNames.ToArray(), whs);

        var merchants = stats.Select((acc, rank) => acc?.ToStats(merchantNames[rank])).OfType<MerchantPlanStats>().ToArray();
        Stage("merge");
        var (loads, lanes) = LoadBuilder.Build(demand, network, windows, caps, hours, lag);
        Stage("loads");
        return new PlanResult(
            new PlanHandovers(windows), windows, merchants, loads, cost, total,
            merchants.Sum(m => m.UnplannedParcels), merchants.Sum(m => m.LateParcels), lanes);
    }

    private static WindowSlot[] SortedWindows(WarehousePlan[] whs, int merchants)
    {
        var start = new int[merchants + 1];
        foreach (var wp in whs)
            foreach (var s in wp.Windows) start[s.Merchant + 1]++;
        for (var m = 0; m < merchants; m++) start[m + 1] += start[m];
        var slots = new WindowSlot[start[merchants]];
        var next = (int[])start.Clone();
        foreach (var wp in whs)
        {
            foreach (var s in wp.Windows) slots[next[s.Merchant]++] = s;
            wp.ReleaseWindows();
        }
        // Each merchant's few are sorted apart: the ranges are disjoint and each is sorted by one thread.
        Parallelism.ForRanges(merchants, merchants / 64, (from, to) =>
        {
            for (var m = from; m < to; m++)
                if (start[m + 1] - start[m] > 1) Array.Sort(slots, start[m], start[m + 1] - start[m], WindowSlot.ByKey.Instance);
        });
        return slots;
    }

    /// <summary>Units linked through shared hub lines (union-find), in order of their first unit.</summary>
    private static (WarehousePlan[] Warehouses, HubLine[] Hubs)[] Components(WarehousePlan[] whs)
    {
        var hubIndex = new Dictionary<HubLine, int>();
        foreach (var wp in whs)
            foreach (var c in wp.Carriers)
                foreach (var lane in c.Hubs) hubIndex.TryAdd(new HubLine(lane.Hub, wp.Handling), hubIndex.Count);
        var parent = Enumerable.Range(0, whs.Length + hubIndex.Count).ToArray();
        int Find(int x) { while (parent[x] != x) x = parent[x] = parent[parent[x]]; return x; }
        for (int w = 0; w < whs.Length; w++)
            foreach (var c in whs[w].Carriers)
                foreach (var lane in c.Hubs)
                {
                    int a = Find(w), b = Find(whs.Length + hubIndex[new HubLine(lane.Hub, whs[w].Handling)]);
                    if (a != b) parent[Math.Max(a, b)] = Math.Min(a, b); // root = smallest index = first warehouse
                }
        var byRoot = new Dictionary<int, (List<WarehousePlan> W, SortedSet<HubLine> H)>();
        var order = new List<int>();
        for (int w = 0; w < whs.Length; w++)
        {
            int r = Find(w);
            if (!byRoot.TryGetValue(r, out var comp)) { byRoot[r] = comp = ([], new SortedSet<HubLine>(HubLine.Order)); order.Add(r); }
            comp.W.Add(whs[w]);
            foreach (var c in whs[w].Carriers) foreach (var lane in c.Hubs) comp.H.Add(new HubLine(lane.Hub, whs[w].Handling));
        }
        return order.Select(r => (byRoot[r].W.ToArray(), byRoot[r].H.ToArray())).ToArray();
    }

}
