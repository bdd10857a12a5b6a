using Logistics.Domain.Capacity;
using Logistics.Domain.Demand;
using Logistics.Domain.Forecasting;
using Logistics.Domain.Planning;

namespace Logistics.Scenarios.Evaluation;

/// <summary>
/// What a replay reads of a generated campaign, read once: the forecast's inputs (past campaigns, and
/// the current campaign's complete signals, of which each run sees the days up to its as-of date), the
/// capacity, and the realised handovers as merchants would ship them without the service.
/// </summary>
public sealed class ReplayWorld
{
    private ReplayWorld(Scenario scenario, IReadOnlyList<PastColumns> past, SignalColumns current, IReadOnlyList<CapacitySeries> capacities, Realised realised)
    {
        Scenario = scenario;
        Past = past;
        CurrentSignals = current;
        Capacities = capacities;
        Realised = realised;
    }

    public Scenario Scenario { get; }
    public IReadOnlyList<PastColumns> Past { get; }
    public SignalColumns CurrentSignals { get; }
    public IReadOnlyList<CapacitySeries> Capacities { get; }
    public Realised Realised { get; }

    public static ReplayWorld Read(Scenario s, int pickupLagHours)
    {
        var (merchants, warehouses, regions, categories, carriers) = (new CodeTable(), new CodeTable(), new CodeTable(), new CodeTable(), new CodeTable());
        SignalColumns Signals(IEnumerable<SignalRow> rows)
        {
            var c = new SignalColumns(merchants, warehouses, regions, categories);
            foreach (var r in rows)
                c.Add(merchants.Index(r.Merchant), warehouses.Index(r.Warehouse), regions.Index(r.Region), categories.Index(r.Category), r.Date.DayNumber,
                    r.PageViews, r.Carts, r.Favorites, r.Deposits, r.PresaleOrders);
            return c;
        }
        OutcomeColumns Outcomes(IEnumerable<OutcomeRow> rows)
        {
            var c = new OutcomeColumns(merchants, warehouses, carriers, regions);
            foreach (var r in rows)
                c.Add(merchants.Index(r.Merchant), warehouses.Index(r.Warehouse), carriers.Index(r.Carrier), regions.Index(r.Region), r.Date.DayNumber, r.Hour, r.Parcels, r.Handling);
            return c;
        }
        var past = s.PastCampaigns.Select(c => new PastColumns(c, Signals(s.Signals(c)), Outcomes(s.Outcomes(c)))).ToArray();
        var current = Signals(s.CompleteSignals(s.Current));
        var capacities = CapacityOf(s);
        return new ReplayWorld(s, past, current, capacities, Realised.Read(s, capacities, pickupLagHours));
    }

    /// <summary>The forecast's input as of a local date: the current campaign's signals up to it.</summary>
    public ForecastColumns ForecastInput(DateOnly asOf) => new(Scenario.Current, asOf, CurrentSignals, Past, Scenario.Network);

    private static IReadOnlyList<CapacitySeries> CapacityOf(Scenario s)
    {
        var campaign = s.Current;
        var hours = campaign.HorizonHours;
        var series = new Dictionary<(CapacityKind, string, string?), long[]>();
        foreach (var c in s.Capacity())
        {
            var t = (int)(c.HourUtc - campaign.HorizonStartUtc).TotalHours;
            if (t < 0 || t >= hours) continue;
            var key = (c.Kind, c.Node, c.Kind is CapacityKind.Pickup or CapacityKind.BulkyPickup ? c.Carrier : null);
            if (!series.TryGetValue(key, out var parcels)) series[key] = parcels = new long[hours];
            parcels[t] = c.Parcels;
        }
        return series.OrderBy(kv => kv.Key.Item1).ThenBy(kv => kv.Key.Item2, StringComparer.Ordinal).ThenBy(kv => kv.Key.Item3, StringComparer.Ordinal)
            .Select(kv => new CapacitySeries(kv.Key.Item2, kv.Key.Item1, kv.Key.Item3, kv.Value)).ToArray();
    }
}
