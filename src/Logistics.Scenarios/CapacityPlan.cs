using Logistics.Domain.Campaigns;
using Logistics.Domain.Capacity;

namespace Logistics.Scenarios;

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
    private const double TightDayLow = 1.2, TightDayHigh = 2.0;
    /// <summary>A tight node's whole-horizon load is at most this share of what its open hours can take.</summary>
    private const double HorizonFill = 0.85;
    private const int DockHours = 24 - DockOpensAt;
    private const long NominalCapacity = 100;

    private long[] _sort = [];
    private long[] _outbound = [];
    private long[] _pickup = [];
    private long[] _bulkySort = [];
    private long[] _bulkyPickup = [];

    /// <summary>Bulky lines are few and busy: a quarter of them are tight, on a stream of their own.</summary>
    private const double BulkyTightShare = 0.25;

    public IReadOnlyList<string> TightNodes { get; private set; } = [];
    public IReadOnlyList<string> TightBulkyLines { get; private set; } = [];

    public static CapacityPlan Build(ScenarioWorld world, CampaignCalendar cal)
    {
        var net = world.Network;
        var (sortLoad, inboundLoad, outLoad, pickLoad) = Loads(world, cal, bulky: false);
        var rng = ScenarioRng.For(world.Seed, Stream.Capacity);
        var tight = new List<string>();
        var plan = new CapacityPlan
        {
            // A hub's sort capacity is its line for parcels picked up from warehouses; its inbound line,
            // for parcels from other regions, is taken to be as large, so it must cover that peak too.
            _sort = Size(sortLoad, ref rng, i => net.Hubs[i].Code, tight, 1.25, 1.8, also: inboundLoad, fillHours: null),
            _outbound = Size(outLoad, ref rng, i => net.Warehouses[i].Code, tight, 1.25, 1.8, 24 - DockOpensAt),
            // Pickup is the carrier's promise at a dock; tight pickups would blur which node is the
            // bottleneck, so pickups always have headroom.
            _pickup = Size(pickLoad, ref rng, _ => "", null, 1.3, 2.0),
        };
        plan.TightNodes = tight;
        if (world.Size.Appliances is not null) plan.SizeBulky(world, cal);
        return plan;
    }

    /// <summary>
    /// Bulky lines and truck slots, sized as the parcel kinds are from the expected bulky load: a line
    /// takes the bulky goods picked up for it and those arriving for its region (at the carrier's first
    /// hub there with a line, by code, as the planner routes them); truck slots always have headroom.
    /// A tight line's horizon must fit its 24-hour days: appliances' long lag spreads their load, so a
    /// line sized on its busiest day alone would be full to the horizon's end and no window could help.
    /// </summary>
    private void SizeBulky(ScenarioWorld world, CampaignCalendar cal)
    {
        var net = world.Network;
        var (sortLoad, inboundLoad, _, pickLoad) = Loads(world, cal, bulky: true);
        var rng = ScenarioRng.For(world.Seed, Stream.BulkyCapacity);
        var tight = new List<string>();
        _bulkySort = Size(sortLoad, ref rng, i => net.Hubs[i].Code, tight, 1.25, 1.8, also: inboundLoad, fillHours: 24,
            tightShare: BulkyTightShare);
        _bulkyPickup = Size(pickLoad, ref rng, _ => "", null, 1.3, 2.0);
        TightBulkyLines = tight;
    }

    /// <summary>
    /// The expected (noise-free) load of one class, per hour: its handovers at each warehouse's outbound
    /// (parcels only) and each lane's pickup, at the lane's origin hub, and after the lane's transit at
    /// the destination hub of each region the slot ships to (a parcel's: the carrier's nearest hub; a
    /// bulky good's: the carrier's first hub there with a line, by code, as the planner routes it).
    /// </summary>
    private static (double[,] Sort, double[,] Inbound, double[,] Outbound, double[,] Pickup) Loads(ScenarioWorld world, CampaignCalendar cal, bool bulky)
    {
        var net = world.Network;
        var hours = cal.HorizonDays * 24;
        var sortLoad = new double[net.Hubs.Count, hours];
        var inboundLoad = new double[net.Hubs.Count, hours];
        var outLoad = new double[net.Warehouses.Count, hours];
        var pickLoad = new double[net.Lanes.Count, hours];
        var lineIn = new Dictionary<(int Carrier, int Region), int>();
        if (bulky)
        {
            var carrierIndex = net.Carriers.Select((c, i) => (c.Code, i)).ToDictionary(x => x.Code, x => x.i, StringComparer.Ordinal);
            var regionIndex = net.Regions.Select((r, i) => (r.Code, i)).ToDictionary(x => x.Code, x => x.i, StringComparer.Ordinal);
            foreach (var h in Enumerable.Range(0, net.Hubs.Count).Where(h => world.BulkyLine[h]).OrderBy(h => net.Hubs[h].Code, StringComparer.Ordinal))
                lineIn.TryAdd((carrierIndex[net.Hubs[h].Carrier], regionIndex[net.Hubs[h].Region]), h);
        }
        var hourly = new double[hours];
        for (var m = 0; m < world.Size.Merchants; m++)
        {
            if (bulky && !world.SellsAppliances(m)) continue;
            var p = world.Profile(m);
            var expected = DemandModel.ExpectedOrdersBySlot(world, p, cal, bulky);
            for (var slot = 0; slot < p.Warehouses.Length; slot++)
            {
                var habit = p.Warehouses[slot];
                var byDay = DemandModel.HandoverByDay(expected[slot], bulky ? habit.BulkyLagShares! : habit.LagShares, cal);
                for (var t = 0; t < hours; t++) hourly[t] = byDay[t / 24] * habit.HourShares[t % 24];
                // Region shares of this slot, for the destination hubs.
                var regionShare = new Dictionary<int, double>();
                double slotWeight = 0;
                foreach (var line in p.Lines.Where(l => l.WarehouseSlot == slot && world.IsBulky(l.Category) == bulky))
                {
                    regionShare[line.Region] = regionShare.GetValueOrDefault(line.Region) + line.Weight;
                    slotWeight += line.Weight;
                }
                var w = habit.Warehouse;
                var (carriers, shares) = habit.Of(bulky);
                for (var c = 0; c < carriers.Length; c++)
                {
                    // The lane of this carrier at the warehouse (the merchant contracts some of the warehouse's carriers, in its own order).
                    var carrier = carriers[c];
                    var lane = world.WarehouseLanes[w][Array.IndexOf(world.WarehouseCarriers[w], carrier)];
                    var originHub = world.LaneHub[lane];
                    var transit = net.Lanes[lane].TransitHours;
                    var share = shares[c];
                    for (var t = 0; t < hours; t++)
                    {
                        var v = hourly[t] * share;
                        if (v == 0) continue;
                        if (c == 0 && !bulky) outLoad[w, t] += hourly[t];
                        pickLoad[lane, t] += v;
                        sortLoad[originHub, t] += v;
                        if (t + transit >= hours) continue;
                        foreach (var (region, rs) in regionShare)
                        {
                            var hub = !bulky ? world.DestinationHub[carrier][region] : lineIn.GetValueOrDefault((carrier, region), -1);
                            if (hub >= 0) inboundLoad[hub, t + transit] += v * rs / slotWeight;
                        }
                    }
                }
            }
        }
        return (sortLoad, inboundLoad, outLoad, pickLoad);
    }

    private static long[] Size(double[,] load, ref ScenarioRng rng, Func<int, string> code, List<string>? tight, double lo, double hi,
        int openHours = 24, double[,]? also = null, int? fillHours = DockHours, double tightShare = TightShare)
    {
        var n = load.GetLength(0);
        var hours = load.GetLength(1);
        var days = hours / 24;
        var peak = new double[n];
        var peakDay = new double[n];
        var total = new double[n];
        for (var i = 0; i < n; i++)
            for (var d = 0; d < days; d++)
            {
                double day = 0;
                for (var t = d * 24; t < d * 24 + 24; t++)
                {
                    peak[i] = Math.Max(peak[i], load[i, t]);
                    day += load[i, t];
                }
                peakDay[i] = Math.Max(peakDay[i], day);
                total[i] += day;
            }
        var tightIndex = new bool[n];
        if (tight is not null)
        {
            for (var i = 0; i < n; i++) tightIndex[i] = peak[i] > 0 && rng.NextDouble() < tightShare;
            // Small scales must still show an overload: make the busiest node tight if chance picked none.
            if (!tightIndex.Any(x => x) && n > 0) tightIndex[Array.IndexOf(peakDay, peakDay.Max())] = true;
        }
        var result = new long[n];
        for (var i = 0; i < n; i++)
        {
            long capacity;
            if (tightIndex[i])
            {
                // A tight node's busiest day brings 1.2-2x what it handles in a day, so the wave must be
                // staggered across days; but the horizon as a whole still fits, with a margin, into the
                // fill hours (a dock's open hours; a bulky line's whole day), or staggering could not help
                // and the parcels would simply be late. A parcel hub's sort is not capped so.
                var day = peakDay[i] / rng.Uniform(TightDayLow, TightDayHigh) / openHours;
                capacity = (long)Math.Ceiling(fillHours is { } fill ? Math.Max(day, total[i] / (HorizonFill * days * fill)) : day);
            }
            else
            {
                var busiest = peak[i];
                for (var t = 0; also is not null && t < hours; t++) busiest = Math.Max(busiest, also[i, t]);
                capacity = (long)Math.Ceiling(busiest * rng.Uniform(lo, hi));
            }
            // A node nobody ships through still gets a nominal figure rather than a suspicious 1.
            result[i] = capacity > 0 ? Math.Max(1, capacity) : NominalCapacity;
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
        if (_bulkySort.Length == 0) yield break;
        // A hub has a bulky line exactly when its carrier gives bulky_sort for it; truck slots only on lanes to one.
        for (var h = 0; h < net.Hubs.Count; h++)
            for (var t = 0; t < hours && world.BulkyLine[h]; t++)
                yield return new HourlyCapacity(net.Hubs[h].Code, CapacityKind.BulkySort, net.Hubs[h].Carrier, start.AddHours(t), _bulkySort[h]);
        for (var l = 0; l < net.Lanes.Count; l++)
            for (var t = 0; t < hours && world.BulkyLine[world.LaneHub[l]]; t++)
                yield return new HourlyCapacity(net.Lanes[l].Warehouse, CapacityKind.BulkyPickup, net.Lanes[l].Carrier, start.AddHours(t),
                    LocalHour(campaign, t) < DockOpensAt ? 0 : _bulkyPickup[l]);
    }

    // The horizon starts at local midnight and Asia/Shanghai has no DST, so hour t is local hour t % 24.
    private static int LocalHour(Campaign campaign, int t) => t % 24;
}
