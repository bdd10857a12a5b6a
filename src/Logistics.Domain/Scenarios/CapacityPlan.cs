using Logistics.Domain.Campaigns;
using Logistics.Domain.Capacity;

namespace Logistics.Domain.Scenarios;

/// <summary>
/// Flat hourly capacity per node, sized from the current campaign's expected (noise-free) load:
/// most nodes get comfortable headroom over their peak hour, a few are deliberately tight so they
/// overload on the peak days only.
/// </summary>
internal sealed class CapacityPlan
{
    /// <summary>Docks (pickup, outbound) are closed before this local hour; hubs sort around the clock.</summary>
    public const int DockOpensAt = 6;

    private const double TightShare = 0.08;

    private long[] _sort = [];
    private long[] _outbound = [];
    private long[] _pickup = [];

    public IReadOnlyList<string> TightNodes { get; private set; } = [];

    public static CapacityPlan Build(ScenarioWorld world, CampaignCalendar cal)
    {
        var net = world.Network;
        var hours = cal.HorizonDays * 24;
        var sortLoad = new double[net.Hubs.Count, hours];
        var outLoad = new double[net.Warehouses.Count, hours];
        var pickLoad = new double[net.Lanes.Count, hours];
        var hourly = new double[hours];
        for (var m = 0; m < world.Size.Merchants; m++)
        {
            var p = world.Profile(m);
            var expected = DemandModel.ExpectedOrdersBySlot(world, p, cal);
            for (var slot = 0; slot < p.Warehouses.Length; slot++)
            {
                var habit = p.Warehouses[slot];
                var byDay = DemandModel.HandoverByDay(expected[slot], habit.LagShares, cal);
                for (var t = 0; t < hours; t++) hourly[t] = byDay[t / 24] * habit.HourShares[t % 24];
                // Region shares of this slot, for the destination hubs.
                var regionShare = new Dictionary<int, double>();
                double slotWeight = 0;
                foreach (var line in p.Lines.Where(l => l.WarehouseSlot == slot))
                {
                    regionShare[line.Region] = regionShare.GetValueOrDefault(line.Region) + line.Weight;
                    slotWeight += line.Weight;
                }
                var w = habit.Warehouse;
                for (var c = 0; c < habit.Carriers.Length; c++)
                {
                    var lane = world.WarehouseLanes[w][c];
                    var originHub = world.LaneHub[lane];
                    var transit = net.Lanes[lane].TransitHours;
                    var share = habit.CarrierShares[c];
                    for (var t = 0; t < hours; t++)
                    {
                        var v = hourly[t] * share;
                        if (v == 0) continue;
                        if (c == 0) outLoad[w, t] += hourly[t];
                        pickLoad[lane, t] += v;
                        sortLoad[originHub, t] += v;
                        if (t + transit >= hours) continue;
                        foreach (var (region, rs) in regionShare)
                            sortLoad[world.DestinationHub[habit.Carriers[c]][region], t + transit] += v * rs / slotWeight;
                    }
                }
            }
        }

        var rng = ScenarioRng.For(world.Seed, Stream.Capacity);
        var tight = new List<string>();
        var plan = new CapacityPlan
        {
            _sort = Size(sortLoad, ref rng, i => net.Hubs[i].Code, tight, 1.25, 1.8),
            _outbound = Size(outLoad, ref rng, i => net.Warehouses[i].Code, tight, 1.25, 1.8),
            // Pickup is the carrier's promise at a dock; tight pickups would blur which node is the
            // bottleneck, so pickups always have headroom.
            _pickup = Size(pickLoad, ref rng, _ => "", null, 1.3, 2.0),
        };
        plan.TightNodes = tight;
        return plan;
    }

    private static long[] Size(double[,] load, ref ScenarioRng rng, Func<int, string> code, List<string>? tight, double lo, double hi)
    {
        var n = load.GetLength(0);
        var peak = new double[n];
        for (var i = 0; i < n; i++)
            for (var t = 0; t < load.GetLength(1); t++)
                peak[i] = Math.Max(peak[i], load[i, t]);
        var tightIndex = new bool[n];
        if (tight is not null)
        {
            for (var i = 0; i < n; i++) tightIndex[i] = peak[i] > 0 && rng.NextDouble() < TightShare;
            // Small scales must still show an overload: make the busiest node tight if chance picked none.
            if (!tightIndex.Any(x => x) && n > 0) tightIndex[Array.IndexOf(peak, peak.Max())] = true;
        }
        var result = new long[n];
        for (var i = 0; i < n; i++)
        {
            var factor = tightIndex[i] ? rng.Uniform(0.65, 0.9) : rng.Uniform(lo, hi);
            result[i] = Math.Max(1, (long)Math.Ceiling(peak[i] * factor));
            if (tightIndex[i]) tight!.Add(code(i));
        }
        return result;
    }

    public IEnumerable<HourlyCapacity> Rows(ScenarioWorld world, Campaign campaign)
    {
        var net = world.Network;
        var hours = campaign.HorizonHours;
        var start = campaign.HorizonStartUtc;
        for (var h = 0; h < net.Hubs.Count; h++)
            for (var t = 0; t < hours; t++)
                yield return new HourlyCapacity(net.Hubs[h].Code, CapacityKind.Sort, net.Hubs[h].Carrier, start.AddHours(t), _sort[h]);
        for (var w = 0; w < net.Warehouses.Count; w++)
            for (var t = 0; t < hours; t++)
                yield return new HourlyCapacity(net.Warehouses[w].Code, CapacityKind.Outbound, null, start.AddHours(t),
                    LocalHour(campaign, t) < DockOpensAt ? 0 : _outbound[w]);
        for (var l = 0; l < net.Lanes.Count; l++)
            for (var t = 0; t < hours; t++)
                yield return new HourlyCapacity(net.Lanes[l].Warehouse, CapacityKind.Pickup, net.Lanes[l].Carrier, start.AddHours(t),
                    LocalHour(campaign, t) < DockOpensAt ? 0 : _pickup[l]);
    }

    // The horizon starts at local midnight and Asia/Shanghai has no DST, so hour t is local hour t % 24.
    private static int LocalHour(Campaign campaign, int t) => t % 24;
}
