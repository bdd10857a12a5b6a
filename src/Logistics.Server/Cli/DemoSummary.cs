using System.Globalization;
using Logistics.Domain.Alerts;
using Logistics.Domain.Handling;
using Logistics.Domain.Planning;
using Logistics.Scenarios;
using Logistics.Server.Planning;

namespace Logistics.Server.Cli;

/// <summary>
/// What the demo prints after its run, for a person: the wave against capacity by day, one line per
/// blocked node (when, and what to do instead), the other alerts counted, and one merchant's windows.
/// Every number has its unit; times are the campaign's local time, the zone named.
/// </summary>
internal static class DemoSummary
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <param name="handling">Only a merchant with windows of this class (an appliance seller for bulky), or any merchant when null.</param>
    public static string? ShowcaseMerchant(PlanResult plan, IReadOnlyList<Alert> alerts, HandlingClass? handling = null)
    {
        // A merchant that hands parcels to a blocked node, if any: its windows are the point of the demo.
        var blocked = alerts.Where(a => a.Level == AlertLevel.Blocked).Select(a => (a.NodeKind, a.Node)).ToHashSet();
        // A window touches its class's nodes: a bulky one its carrier's bulky pickup and the hub's bulky line, no outbound.
        var ofClass = plan.Windows.Where(w => handling is null || w.Handling == handling).ToList();
        var hit = ofClass.Where(w => (w.Handling == HandlingClass.Parcel && blocked.Contains((LoadNodeKind.Outbound, w.Warehouse)))
                                          || blocked.Contains((LoadNodeKinds.Of(LoadNodeKind.Pickup, w.Handling), w.Warehouse))
                                          || blocked.Contains((LoadNodeKinds.Of(LoadNodeKind.OriginSort, w.Handling), w.Hub)))
            .Select(w => w.Merchant).ToHashSet(StringComparer.Ordinal);
        var candidates = ofClass.Select(w => w.Merchant).ToHashSet(StringComparer.Ordinal);
        return plan.Merchants.Where(m => candidates.Contains(m.Merchant)).OrderByDescending(m => hit.Contains(m.Merchant)).ThenByDescending(m => m.DelayedParcels)
            .ThenBy(m => m.Merchant, StringComparer.Ordinal).FirstOrDefault()?.Merchant;
    }

    public static void Print(TextWriter o, Scenario s, PlanningSummary run)
    {
        var plan = run.Plan!;
        var campaign = s.Current;
        var clock = new CampaignClock(campaign);
        var zone = campaign.TimeZone;
        var hubs = plan.Loads.Where(l => l.Kind == LoadNodeKind.OriginSort).ToList();
        var hours = campaign.HorizonHours;
        double Cap(NodeLoad l, int h) => l.Capacity is { } c && c[h] < SnapshotReader.Unconstrained ? c[h] : double.NaN;

        o.WriteLine();
        o.WriteLine(string.Create(Inv, $"{campaign.Name} ({campaign.Code}), times in {zone}: {plan.TotalParcels:N0} parcels planned for {plan.Merchants.Count:N0} merchants over {hours / 24} days."));
        o.WriteLine();
        o.WriteLine("Parcels reaching origin hubs per day, against what the hubs sort in a day:");
        o.WriteLine("  date        forecast P50   windows plan   hub capacity   queued beyond capacity (parcel-hours): as merchants would ship → following the windows");
        var queuedNatural = hubs.Select(l => l.Capacity is null ? [] : QueueWait.Backlog(l.UnshavedP50, l.Capacity)).ToList();
        var queuedPlanned = hubs.Select(l => l.Capacity is null ? [] : QueueWait.Backlog(l.Planned, l.Capacity)).ToList();
        for (var d = 0; d * 24 < hours; d++)
        {
            double forecast = 0, planned = 0, capacity = 0, before = 0, after = 0;
            for (var i = 0; i < hubs.Count; i++)
                for (var h = d * 24; h < Math.Min(hours, d * 24 + 24); h++)
                {
                    forecast += hubs[i].UnshavedP50[h];
                    planned += hubs[i].Planned[h];
                    if (!double.IsNaN(Cap(hubs[i], h))) capacity += Cap(hubs[i], h);
                    if (queuedNatural[i].Length > 0) { before += queuedNatural[i][h]; after += queuedPlanned[i][h]; }
                }
            var day = campaign.HorizonStart.AddDays(d);
            var sale = campaign.SaleDays.Contains(day) ? "   ← sale day" : "";
            o.WriteLine(string.Create(Inv, $"  {day:yyyy-MM-dd} {forecast,13:N0} {planned,14:N0} {capacity,14:N0}   {before,12:N0} → {after:N0}{sale}"));
        }

        var blocked = run.Alerts.Where(a => a.Level == AlertLevel.Blocked).OrderBy(a => a.StartHour).ThenBy(a => a.Node, StringComparer.Ordinal).ToList();
        o.WriteLine();
        o.WriteLine(blocked.Count == 0
            ? "No node is blocked: as merchants would ship, nothing waits longer than 12 h anywhere."
            : string.Create(Inv, $"Blocked: {blocked.Count} node-periods where parcels shipped as merchants would ship wait more than 12 h. Hand over only what the windows reserve there:"));
        foreach (var a in blocked.Take(12))
        {
            var instead = a.Options.Count == 0 ? "no room later in the horizon: agree extra capacity with the carrier"
                : string.Join("; ", a.Options.Take(2).Select(x => x.Warehouse is null
                    ? string.Create(Inv, $"room again from {clock.Text(x.StartHour)} ({x.RoomParcels:N0} parcels)")
                    : string.Create(Inv, $"{x.Carrier} at {x.Warehouse} via {x.Node} ({x.RoomParcels:N0} parcels of room)")));
            o.WriteLine(string.Create(Inv, $"  {AlertText.What(a.NodeKind, a.Node, a.Carrier),-34} {clock.Text(a.StartHour)} – {clock.Text(a.EndHour)} ({zone}); {a.ForecastP50:N0} parcels would come against {a.CapacityParcels:N0}; instead: {instead}"));
        }
        if (blocked.Count > 12) o.WriteLine(string.Create(Inv, $"  … and {blocked.Count - 12} more (GET /v1/alerts with an ops key)"));
        int Count(AlertLevel l) => run.Alerts.Count(a => a.Level == l);
        o.WriteLine(string.Create(Inv, $"Also in force: {Count(AlertLevel.Warning):N0} warnings (little room left at P90), {Count(AlertLevel.Delay):N0} delay notices (destination hubs), {Count(AlertLevel.Watch):N0} watch (ops only)."));
        o.WriteLine(string.Create(Inv, $"Parcels: {plan.TotalParcels:N0} planned; {plan.Merchants.Sum(m => m.DelayedParcels):N0} held back by the windows (longest {plan.Merchants.Select(m => m.MaxDelayHours).DefaultIfEmpty(0).Max()} h); {plan.LateParcels:N0} late (beyond {campaign.ShipWithinHours} h); {plan.UnplannedParcels:N0} not placeable in the horizon."));

        if (ShowcaseMerchant(plan, run.Alerts) is not { } merchant) return;
        var stats = plan.Merchants.Single(m => m.Merchant == merchant);
        var windows = plan.Windows.Where(w => w.Merchant == merchant).ToList();
        o.WriteLine();
        o.WriteLine(string.Create(Inv, $"Merchant {merchant}: {stats.PlannedParcels:N0} parcels in {windows.Count:N0} windows, {stats.DelayedParcels:N0} held back (longest {stats.MaxDelayHours} h), {stats.LateParcels:N0} late{(stats.UnplannedParcels > 0 ? $" ({stats.UnplannedParcels:N0} more not placeable in the horizon)" : "")}. Its first windows ({zone}):"));
        foreach (var w in windows.OrderBy(w => w.StartHour).ThenBy(w => w.Warehouse, StringComparer.Ordinal).Take(6)) o.WriteLine(WindowLine(w, clock));

        // Beside it, an appliance seller's bulky windows: its appliances take truck slots and a hub's bulky line.
        if (ShowcaseMerchant(plan, run.Alerts, HandlingClass.Bulky) is not { } seller) return;
        var bulky = plan.Windows.Where(w => w.Merchant == seller && w.Handling == HandlingClass.Bulky).ToList();
        o.WriteLine();
        o.WriteLine(string.Create(Inv, $"Appliance seller {seller}: {bulky.Sum(w => (long)w.MaxParcels):N0} bulky goods in {bulky.Count:N0} windows of their own, on bulky lines (its parcels go in parcel windows). Its first bulky windows ({zone}):"));
        foreach (var w in bulky.OrderBy(w => w.StartHour).ThenBy(w => w.Warehouse, StringComparer.Ordinal).Take(6)) o.WriteLine(WindowLine(w, clock));
    }

    /// <summary>A window as a line: when, how many of its class's goods, to whom, and the hub's sorter or bulky line.</summary>
    private static string WindowLine(ShipmentWindow w, CampaignClock clock)
    {
        var (goods, line) = w.Handling == HandlingClass.Bulky ? ("bulky goods", $"hub {w.Hub}'s bulky line") : ("parcels", $"hub {w.Hub}");
        return string.Create(Inv, $"  {clock.Text(w.StartHour)} – {clock.Text(w.EndHour)}  hand {w.MaxParcels,6:N0} {goods} to {w.Carrier} at {w.Warehouse} ({line})");
    }
}
