using Logistics.Domain.Network;

namespace Logistics.Domain.Planning;

/// <summary>One carrier's options at a warehouse: its lanes (hubs) and the habitual P50 handover per hour.</summary>
internal sealed class CarrierOption(string carrier, Lane[] hubs, int hours)
{
    public string Carrier { get; } = carrier;
    public Lane[] Hubs { get; } = hubs;
    public long[] Habit { get; } = new long[hours];
    public int[][] HandArcs { get; } = hubs.Select(_ => new int[hours]).ToArray();
    public int InBase { get; set; }
    public int OutBase { get; set; }
}

/// <summary>One warehouse's commodity: releases per merchant and hour, its carriers, and its graph nodes.</summary>
internal sealed class WarehousePlan
{
    private readonly int _hours;
    private readonly List<string> _merchants = [];
    private readonly List<long[]> _merchantRelease = [];
    private readonly Dictionary<string, int> _merchantIndex = new(StringComparer.Ordinal);

    public WarehousePlan(string code, Lane[] lanes, int hours)
    {
        Code = code;
        _hours = hours;
        Release = new long[hours];
        Carriers = lanes.GroupBy(l => l.Carrier, StringComparer.Ordinal)
            .Select(g => new CarrierOption(g.Key, g.ToArray(), hours)).ToArray(); // lanes arrive sorted
    }

    public string Code { get; }
    public CarrierOption[] Carriers { get; }
    public long[] Release { get; }
    public int WaitBase { get; set; }
    public int OutBase { get; set; }
    public int SpillArc { get; set; }
    public MinCostFlow? Graph { get; set; }

    public void AddRelease(string merchant, string carrier, int hour, long parcels)
    {
        if (!_merchantIndex.TryGetValue(merchant, out int m))
        {
            // Rows arrive sorted by merchant, so merchants are indexed in ordinal order.
            m = _merchants.Count;
            _merchantIndex[merchant] = m;
            _merchants.Add(merchant);
            _merchantRelease.Add(new long[_hours]);
        }
        _merchantRelease[m][hour] += parcels;
        Release[hour] += parcels;
        foreach (var c in Carriers)
            if (c.Carrier == carrier) c.Habit[hour] += parcels;
    }

    /// <summary>Results of <see cref="Disaggregate"/>: handovers with their sort keys, and per-merchant statistics.</summary>
    public List<PlannedHandover> Handovers { get; } = [];
    public List<long> HandoverKeys { get; } = [];
    public (string Merchant, MerchantAccumulator Stats)[] MerchantStats { get; private set; } = [];

    /// <summary>Drops the per-warehouse copies once the planner has gathered them.</summary>
    public void ReleaseHandovers()
    {
        Handovers.Clear(); Handovers.TrimExcess();
        HandoverKeys.Clear(); HandoverKeys.TrimExcess();
    }

    /// <summary>
    /// Splits the solved warehouse flow to merchants: FIFO by release hour, a partly served release hour
    /// shared pro rata to the merchants' remaining parcels, and each hour's carrier/hub split pro rata too.
    /// </summary>
    public void Disaggregate(int shipWithin, IReadOnlyDictionary<string, int> merchantRank, int warehouseIndex)
    {
        var output = Handovers;
        var keys = HandoverKeys;
        var g = Graph ?? throw new InvalidOperationException("solve before disaggregating");
        int mCount = _merchants.Count;
        var acc = new MerchantAccumulator[mCount];
        for (int m = 0; m < mCount; m++)
        {
            var a = acc[m] = new MerchantAccumulator();
            a.Parcels += _merchantRelease[m].Sum();
        }
        var rem = _merchantRelease.Select(r => (long[])r.Clone()).ToArray();
        var remTotal = (long[])Release.Clone();
        var weights = new long[mCount];
        // Sort key: merchant rank (bits 63..36), warehouse (35..20), lane (19..12), hour (11..0).
        var merchantKey = _merchants.Select(m => ((long)merchantRank[m] << 36) | ((long)warehouseIndex << 20)).ToArray();
        var takenAt = new long[mCount];
        int head = 0;
        for (int t = 0; t < _hours; t++)
        {
            long handed = 0;
            foreach (var c in Carriers)
                for (int k = 0; k < c.Hubs.Length; k++) handed += g.Flow(c.HandArcs[k][t]);
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
                    var part = LargestRemainder.Split(need, weights);
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
                    long f = g.Flow(c.HandArcs[k][t]);
                    if (f == 0) continue;
                    var part = LargestRemainder.Split(f, takenAt);
                    for (int m = 0; m < mCount; m++)
                    {
                        if (part[m] == 0) continue;
                        takenAt[m] -= part[m];
                        output.Add(new PlannedHandover(_merchants[m], Code, c.Carrier, c.Hubs[k].Hub, t, part[m]));
                        keys.Add(merchantKey[m] | ((long)lane << 12) | (long)t);
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
        for (int m = 0; m < mCount; m++) acc[m].UnplannedParcels += rem[m].Sum();
        MerchantStats = _merchants.Select((name, m) => (name, acc[m])).ToArray();
        Graph = null; // the residual graph is no longer needed
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
