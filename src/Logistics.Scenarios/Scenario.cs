using Logistics.Domain.Campaigns;
using Logistics.Domain.Capacity;
using Logistics.Domain.Demand;
using Logistics.Domain.Handling;
using Logistics.Domain.Network;

namespace Logistics.Scenarios;

/// <summary>
/// A generated Double 11 world. The network and campaigns are materialised; capacity, signals and
/// outcomes are streams regenerated on each enumeration (same seed → same rows, same order), so the
/// national scale (≈10M signal rows per campaign) never sits in memory.
/// </summary>
public sealed class Scenario
{
    private readonly ScenarioWorld _world;
    private readonly CampaignCalendar[] _calendars;
    private readonly Lazy<CapacityPlan> _capacity;

    internal Scenario(ScenarioSize size, ulong seed, Campaign[] campaigns, DateOnly asOf, ScenarioWorld world)
    {
        Size = size;
        Seed = seed;
        Campaigns = campaigns;
        AsOf = asOf;
        _world = world;
        _calendars = campaigns.Select((c, i) => new CampaignCalendar(c, i)).ToArray();
        _capacity = new Lazy<CapacityPlan>(() => CapacityPlan.Build(_world, _calendars[^1]));
    }

    public ScenarioSize Size { get; }
    public ulong Seed { get; }

    /// <summary>Oldest first; the last one is <see cref="Current"/>.</summary>
    public IReadOnlyList<Campaign> Campaigns { get; }

    public IReadOnlyList<Campaign> PastCampaigns => [.. Campaigns.Take(Campaigns.Count - 1)];
    public Campaign Current => Campaigns[^1];

    /// <summary>The current campaign's signals are known up to and including this local date.</summary>
    public DateOnly AsOf { get; }

    public NetworkModel Network => _world.Network;
    public IReadOnlyList<string> Categories => _world.Categories;

    /// <summary>Local dates on which a campaign's pre-sale signals are recorded.</summary>
    public IReadOnlyList<DateOnly> PresaleDays(Campaign campaign) => Calendar(campaign).PresaleDays;

    /// <summary>
    /// Hourly capacity over the current campaign's horizon: sort per hub (Carrier = the hub's carrier),
    /// pickup per warehouse and carrier, outbound per warehouse (Carrier null). Docks are closed 00-06 local.
    /// </summary>
    public IEnumerable<HourlyCapacity> Capacity() => _capacity.Value.Rows(_world, Current);

    /// <summary>Codes of nodes sized below their expected peak-hour load (the ones that should alert).</summary>
    public IReadOnlyList<string> TightNodes => _capacity.Value.TightNodes;

    /// <summary>Hubs whose bulky line is sized below its expected peak (none without appliances).</summary>
    public IReadOnlyList<string> TightBulkyLines => _capacity.Value.TightBulkyLines;

    /// <summary>Whether the world has appliance sellers, bulky lines and bulky capacity (<see cref="ScenarioSize.WithAppliances"/>).</summary>
    public bool HasAppliances => Network.BulkyCategories is not null;

    /// <summary>What ops would upload: every past campaign's signals plus the current one's up to <see cref="AsOf"/>.</summary>
    public IEnumerable<SignalRow> Signals() => Campaigns.SelectMany(Signals);

    /// <summary>A campaign's signals as known now: complete for past campaigns, up to <see cref="AsOf"/> for the current.</summary>
    public IEnumerable<SignalRow> Signals(Campaign campaign) =>
        SignalStream(Calendar(campaign), campaign.Code == Current.Code ? AsOf : DateOnly.MaxValue);

    /// <summary>Hidden: all pre-sale signals of a campaign, ignoring <see cref="AsOf"/>.</summary>
    public IEnumerable<SignalRow> CompleteSignals(Campaign campaign) => SignalStream(Calendar(campaign), DateOnly.MaxValue);

    /// <summary>What really shipped in the past campaigns (what ops would upload).</summary>
    public IEnumerable<OutcomeRow> Outcomes() => PastCampaigns.SelectMany(OutcomeStream);

    /// <summary>Outcomes of one past campaign.</summary>
    public IEnumerable<OutcomeRow> Outcomes(Campaign campaign) =>
        campaign.Code == Current.Code
            ? throw new ArgumentException("The current campaign's outcomes are hidden; use TrueOutcomes().", nameof(campaign))
            : OutcomeStream(campaign);

    /// <summary>Hidden ground truth: what the current campaign really ships, to score forecasts.</summary>
    public IEnumerable<OutcomeRow> TrueOutcomes() => OutcomeStream(Current);

    /// <summary>Hidden truth: orders per merchant, warehouse, region and local date (before the handover lag).</summary>
    public IEnumerable<TrueDailyOrders> TrueOrders(Campaign campaign)
    {
        var cal = Calendar(campaign);
        var net = _world.Network;
        for (var m = 0; m < _world.Size.Merchants; m++)
        {
            var p = _world.Profile(m);
            if (p.FirstCampaign > cal.Index) continue; // not open yet: no signals, no orders
            var orders = DemandModel.Orders(_world, p, cal);
            foreach (var slot in Enumerable.Range(0, p.Warehouses.Length))
                foreach (var region in p.Lines.Where(l => l.WarehouseSlot == slot).Select(l => l.Region).Distinct().Order())
                    for (var k = CampaignCalendar.LeadDays; k < cal.OrderDays.Length; k++)
                    {
                        long total = 0;
                        for (var i = 0; i < p.Lines.Length; i++)
                            if (p.Lines[i].WarehouseSlot == slot && p.Lines[i].Region == region) total += orders[i][k];
                        yield return new TrueDailyOrders(campaign.Code, net.Merchants[m].Code,
                            net.Warehouses[p.Warehouses[slot].Warehouse].Code, net.Regions[region].Code, cal.OrderDays[k], total);
                    }
        }
    }

    private CampaignCalendar Calendar(Campaign campaign) =>
        _calendars.FirstOrDefault(c => c.Campaign.Code == campaign.Code)
        ?? throw new ArgumentException($"Campaign {campaign.Code} is not part of this scenario.", nameof(campaign));

    private IEnumerable<SignalRow> SignalStream(CampaignCalendar cal, DateOnly until)
    {
        var net = _world.Network;
        var code = cal.Campaign.Code;
        var days = cal.PresaleDays;
        var visible = days.Count(d => d <= until);
        if (visible == 0) yield break;
        var cum = new double[days.Length];
        var parts = new long[5][];
        for (var j = 0; j < parts.Length; j++) parts[j] = new long[days.Length];
        for (var m = 0; m < _world.Size.Merchants; m++)
        {
            var p = _world.Profile(m);
            if (p.FirstCampaign > cal.Index) continue; // not open yet: no signals, no orders
            var s = DemandModel.Signals(_world, p, cal);
            var rng = ScenarioRng.For(_world.Seed, Stream.SignalDays, (ulong)m, (ulong)cal.Index);
            var merchant = net.Merchants[m].Code;
            for (var i = 0; i < p.Lines.Length; i++)
            {
                var line = p.Lines[i];
                // The category's ramp with this line's own day-to-day noise; cumulative rounding keeps
                // the daily rows summing exactly to the totals the orders were drawn from.
                var ramp = _world.CategoryRamp[line.Category];
                double run = 0, prev = 0;
                for (var d = 0; d < days.Length; d++)
                {
                    run += (ramp[d] - prev) * rng.LogNormal(0, 0.15);
                    prev = ramp[d];
                    cum[d] = run;
                }
                for (var d = 0; d < days.Length; d++) cum[d] /= run;
                Split(s.PageViews[i], cum, parts[0]);
                Split(s.Carts[i], cum, parts[1]);
                Split(s.Favorites[i], cum, parts[2]);
                Split(s.Deposits[i], cum, parts[3]);
                Split(s.Presale[i], cum, parts[4]);
                var warehouse = net.Warehouses[p.Warehouses[line.WarehouseSlot].Warehouse].Code;
                var region = net.Regions[line.Region].Code;
                var category = _world.Categories[line.Category];
                for (var d = 0; d < days.Length; d++)
                {
                    // About 1% of page-view counts are missing: unknown is not zero. The coin is drawn
                    // for hidden days too, so the as-of date hides rows without changing the others.
                    long? pageViews = rng.NextDouble() < 0.01 ? null : parts[0][d];
                    if (d >= visible) continue;
                    yield return new SignalRow(code, merchant, warehouse, region, category, days[d],
                        pageViews, parts[1][d], parts[2][d], parts[3][d], parts[4][d]);
                }
            }
        }
    }

    private static void Split(long total, double[] cumulative, long[] into)
    {
        long before = 0;
        for (var d = 0; d < cumulative.Length; d++)
        {
            var upTo = d == cumulative.Length - 1 ? total : (long)Math.Round(total * cumulative[d], MidpointRounding.AwayFromZero);
            into[d] = upTo - before;
            before = upTo;
        }
    }

    private static readonly HandlingClass[] Parcels = [HandlingClass.Parcel], BothClasses = [HandlingClass.Parcel, HandlingClass.Bulky];

    private IEnumerable<OutcomeRow> OutcomeStream(Campaign campaign)
    {
        var cal = Calendar(campaign);
        var net = _world.Network;
        var orderDays = cal.OrderDays.Length;
        var byDay = new double[orderDays];
        for (var m = 0; m < _world.Size.Merchants; m++)
        {
            var p = _world.Profile(m);
            if (p.FirstCampaign > cal.Index) continue; // not open yet: no signals, no orders
            var orders = DemandModel.Orders(_world, p, cal);
            var rng = ScenarioRng.For(_world.Seed, Stream.Handover, (ulong)m, (ulong)cal.Index);
            var merchant = net.Merchants[m].Code;
            for (var slot = 0; slot < p.Warehouses.Length; slot++)
            {
                var habit = p.Warehouses[slot];
                var warehouse = net.Warehouses[habit.Warehouse].Code;
                foreach (var region in p.Lines.Where(l => l.WarehouseSlot == slot).Select(l => l.Region).Distinct().Order())
                    // An appliance seller's bulky goods are rows of their own, handed over with their longer lag.
                    foreach (var handling in habit.BulkyLagShares is null ? Parcels : BothClasses)
                    {
                        var bulky = handling == HandlingClass.Bulky;
                        Array.Clear(byDay);
                        for (var i = 0; i < p.Lines.Length; i++)
                            if (p.Lines[i].WarehouseSlot == slot && p.Lines[i].Region == region && _world.IsBulky(p.Lines[i].Category) == bulky)
                                for (var k = 0; k < orderDays; k++) byDay[k] += orders[i][k];
                        var handed = DemandModel.HandoverByDay(byDay, bulky ? habit.BulkyLagShares! : habit.LagShares, cal);
                        var regionCode = net.Regions[region].Code;
                        var (carriers, shares) = habit.Of(bulky);
                        for (var day = 0; day < handed.Length; day++)
                        {
                            if (handed[day] == 0) continue;
                            var date = campaign.HorizonStart.AddDays(day);
                            for (var hour = 0; hour < 24; hour++)
                            {
                                var hs = habit.HourShares[hour];
                                if (hs == 0) continue;
                                for (var c = 0; c < carriers.Length; c++)
                                {
                                    var parcels = rng.Round(handed[day] * hs * shares[c]);
                                    if (parcels > 0)
                                        yield return new OutcomeRow(campaign.Code, merchant, warehouse,
                                            net.Carriers[carriers[c]].Code, regionCode, date, hour, parcels, handling);
                                }
                            }
                        }
                    }
            }
        }
    }
}
