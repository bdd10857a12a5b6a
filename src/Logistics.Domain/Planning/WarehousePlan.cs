using Logistics.Domain.Handling;
using Logistics.Domain.Network;

namespace Logistics.Domain.Planning;

/// <summary>One carrier's options at a warehouse: its lanes (hubs) and the habitual P50 handover per hour.</summary>
internal sealed class CarrierOption(string carrier, Lane[] hubs, int hours)
{
    public string Carrier { get; } = carrier;
    public Lane[] Hubs { get; } = hubs;
    public long[] Habit { get; } = new long[hours];
    public int[][] HandArcs { get; } = hubs.Select(_ => new int[hours]).ToArray();
    /// <summary>A single-hub carrier's pickup is its hand arc: the headroom band's parallel arc, or -1.</summary>
    public int[][] BandArcs { get; } = hubs.Select(_ => Enumerable.Repeat(-1, hours).ToArray()).ToArray();

    /// <summary>Parcels handed over to hub k in hour t.</summary>
    public long Handed(MinCostFlow g, int k, int t) => g.Flow(HandArcs[k][t]) + (BandArcs[k][t] < 0 ? 0 : g.Flow(BandArcs[k][t]));
    public int InBase { get; set; }
    public int OutBase { get; set; }
}

/// <summary>
/// One warehouse's commodity in one handling class: releases per merchant and hour, its carriers, and
/// its graph nodes. A bulky unit's lanes are only those to hubs with a bulky line, and it does not
/// pass the warehouse's outbound (bulky goods leave by the truck slot).
/// </summary>
internal sealed class WarehousePlan
{
    private readonly int _hours;
    private readonly List<string> _merchants = [];
    private readonly List<int[]> _merchantRelease = [];
    private readonly List<int> _merchantRank = [];

    public WarehousePlan(string code, HandlingClass handling, Lane[] lanes, int hours)
    {
        Code = code;
        Handling = handling;
        _hours = hours;
        Release = new long[hours];
        Carriers = lanes.GroupBy(l => l.Carrier, StringComparer.Ordinal)
            .Select(g => new CarrierOption(g.Key, g.ToArray(), hours)).ToArray(); // lanes arrive sorted
        LaneNames = Carriers.SelectMany(c => c.Hubs.Select(h => (c.Carrier, h.Hub))).ToArray();
    }

    public string Code { get; }
    public HandlingClass Handling { get; }
    public bool HasOutbound => Handling == HandlingClass.Parcel;
    public CarrierOption[] Carriers { get; }
    /// <summary>(carrier, hub) of each lane index used in <see cref="WindowSlot.Lane"/>.</summary>
    public (string Carrier, string Hub)[] LaneNames { get; }
    public long[] Release { get; }
    /// <summary>The warehouse forecast's P90 ÷ P50 (see <see cref="Headroom"/>).</summary>
    public double P90Ratio { get; private set; } = 1.0;
    public int WaitBase { get; set; }
    public int OutBase { get; set; }
    public int SpillArc { get; set; }
    public MinCostFlow? Graph { get; set; }

    /// <summary>Takes the warehouse's rounded release and habits; carriers without a lane here have no habit arc.</summary>
    public void SetDemand(WarehouseDemand demand)
    {
        Array.Copy(demand.Release, Release, _hours);
        P90Ratio = demand.P90Ratio;
        foreach (var c in Carriers)
            if (demand.Habit.TryGetValue(c.Carrier, out var habit)) Array.Copy(habit, c.Habit, _hours);
    }

    /// <summary>Adds a merchant's releases here; merchants must come in ordinal order (the demand's pairs do).</summary>
    public void AddMerchant(string merchant, int rank, int[] release)
    {
        _merchants.Add(merchant);
        _merchantRank.Add(rank);
        _merchantRelease.Add(release);
    }

    /// <summary>Results of <see cref="Disaggregate"/>: windows, and per-merchant statistics.</summary>
    public List<WindowSlot> Windows { get; } = [];
    public (int Rank, MerchantAccumulator Stats)[] MerchantStats { get; private set; } = [];

    /// <summary>Drops the per-warehouse copies once the planner has gathered them.</summary>
    public void ReleaseWindows()
    {
        Windows.Clear(); Windows.TrimExcess();
    }

    /// <summary>
    /// Splits the solved warehouse flow to merchants: FIFO by release hour, a partly served release hour
    /// shared pro rata to the merchants' remaining parcels, and each hour's carrier/hub split pro rata too.
    /// Hours are merged into windows on the way (consecutive hours with equal parcels on the same lane),
    /// so per-merchant hourly handovers are never held.
    /// </summary>
    /// <remarks>
    /// Why proportional disaggregation keeps the optimum: cost depends only on the warehouse's hourly
    /// handovers per lane and on FIFO by release hour (see the planner's defence), both of which the
    /// split preserves exactly — it only decides whose parcels fill each handed-over slot. Sharing a
    /// partly served release hour in proportion to the merchants' remaining parcels is the issue's
    /// fairness rule (unavoidable delay in proportion to volume), and every part is an integer no
    /// larger than what the merchant still has, so a merchant's windows sum to its planned parcels and
    /// the lanes' capacities, already met by the aggregate, cannot be exceeded.
    /// </remarks>
    public void Disaggregate(int shipWithin, int warehouseIndex)
    {
        var g = Graph ?? throw new InvalidOperationException("solve before disaggregating");
        int mCount = _merchants.Count, laneCount = LaneNames.Length;
        var acc = new MerchantAccumulator[mCount];
        var rem = new long[mCount][];
        for (int m = 0; m < mCount; m++)
        {
            var a = acc[m] = new MerchantAccumulator();
            var r = rem[m] = new long[_hours];
            for (int t = 0; t < _hours; t++) { r[t] = _merchantRelease[m][t]; a.Parcels += r[t]; }
        }
        var remTotal = (long[])Release.Clone();
        var weights = new long[mCount];
        var part = new long[mCount];
        var scratch = new LargestRemainder.Scratch();
        var takenAt = new long[mCount];
        // Open window per (merchant, lane): start hour (-1 when none), parcels per hour.
        var openStart = new int[mCount * laneCount];
        var openPer = new long[mCount * laneCount];
        Array.Fill(openStart, -1);
        var lastHour = new int[mCount * laneCount];
        int head = 0;
        for (int t = 0; t < _hours; t++)
        {
            long handed = 0;
            foreach (var c in Carriers)
                for (int k = 0; k < c.Hubs.Length; k++) handed += c.Handed(g, k, t);
            if (handed == 0) continue;

            Array.Clear(takenAt);
            long need = handed;
            while (need > 0)
            {
                while (head <= t && remTotal[head] == 0) head++;
                if (head > t) throw new InvalidOperationException($"{Code}: handover before release at hour {t}");
                int r = head;
                if (remTotal[r] <= need)
                {
                    for (int m = 0; m < mCount; m++) Take(m, r, rem[m][r]);
                    need -= remTotal[r];
                    remTotal[r] = 0;
                }
                else
                {
                    for (int m = 0; m < mCount; m++) weights[m] = rem[m][r];
                    LargestRemainder.Split(need, weights, part, scratch);
                    for (int m = 0; m < mCount; m++) Take(m, r, part[m]);
                    remTotal[r] -= need;
                    need = 0;
                }
            }

            // Each hour's carrier/hub split shared pro rata to what each merchant hands over then.
            int lane = -1;
            foreach (var c in Carriers)
                for (int k = 0; k < c.Hubs.Length; k++)
                {
                    lane++;
                    long f = c.Handed(g, k, t);
                    if (f == 0) continue;
                    LargestRemainder.Split(f, takenAt, part, scratch);
                    for (int m = 0; m < mCount; m++)
                    {
                        if (part[m] == 0) continue;
                        takenAt[m] -= part[m];
                        int o = m * laneCount + lane;
                        if (openStart[o] >= 0 && lastHour[o] == t - 1 && openPer[o] == part[m]) { lastHour[o] = t; continue; }
                        Close(m, lane);
                        openStart[o] = t; lastHour[o] = t; openPer[o] = part[m];
                    }
                }

            void Take(int m, int r, long n)
            {
                if (n <= 0) return;
                rem[m][r] -= n;
                takenAt[m] += n;
                acc[m].Add(t - r, n, t - r > shipWithin);
            }
        }
        for (int m = 0; m < mCount; m++)
        {
            for (int l = 0; l < laneCount; l++) Close(m, l);
            acc[m].UnplannedParcels += rem[m].Sum();
        }
        MerchantStats = _merchantRank.Select((rank, m) => (rank, acc[m])).ToArray();
        Graph = null; // the residual graph is no longer needed

        void Close(int m, int lane)
        {
            int o = m * laneCount + lane;
            if (openStart[o] < 0) return;
            int rank = _merchantRank[m];
            Windows.Add(new WindowSlot(rank, warehouseIndex, lane, openStart[o], lastHour[o] + 1, openPer[o]));
            openStart[o] = -1;
        }
    }
}

internal sealed class MerchantAccumulator
{
    public long Parcels, PlannedParcels, UnplannedParcels, DelayedParcels, TotalDelayHours, LateParcels;
    public int MaxDelayHours;

    public void Merge(MerchantAccumulator o)
    {
        Parcels += o.Parcels; PlannedParcels += o.PlannedParcels; UnplannedParcels += o.UnplannedParcels;
        DelayedParcels += o.DelayedParcels; TotalDelayHours += o.TotalDelayHours; LateParcels += o.LateParcels;
        MaxDelayHours = Math.Max(MaxDelayHours, o.MaxDelayHours);
    }

    public void Add(int delay, long parcels, bool late)
    {
        PlannedParcels += parcels;
        if (delay > 0) DelayedParcels += parcels;
        TotalDelayHours += delay * parcels;
        if (delay > MaxDelayHours) MaxDelayHours = delay;
        if (late) LateParcels += parcels;
    }

    public MerchantPlanStats ToStats(string merchant) => new(
        merchant, Parcels, PlannedParcels, UnplannedParcels, DelayedParcels, TotalDelayHours, MaxDelayHours, LateParcels);
}
