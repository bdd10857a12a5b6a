using Logistics.Domain.Alerts;
using Logistics.Domain.Planning;
using Logistics.Domain.Scenarios;
using Logistics.Server.Planning;

namespace Logistics.Server.Cli;

/// <summary>What the demo prints after its run: the wave, the cut, the alerts, one merchant's advice.</summary>
internal static class DemoSummary
{
    public static string ShowcaseMerchant(PlanResult plan) =>
        plan.Merchants.OrderByDescending(m => m.DelayedParcels).ThenBy(m => m.Merchant, StringComparer.Ordinal).First().Merchant;

    public static void Print(TextWriter o, Scenario s, PlanningSummary run)
    {
        var plan = run.Plan!;
        var campaign = s.Current;
        var hubs = plan.Loads.Where(l => l.Kind == LoadNodeKind.OriginSort).ToList();
        var hours = hubs.Count == 0 ? 0 : hubs[0].Planned.Length;
        double Cap(NodeLoad l, int h) => l.Capacity is { } c && c[h] < SnapshotReader.Unconstrained ? c[h] : double.NaN;

        o.WriteLine();
        o.WriteLine($"Parcels reaching origin hubs per day ({campaign.Code}, {campaign.TimeZone}):");
        o.WriteLine("  date        forecast P50      planned   hub capacity   over capacity before → after");
        for (var d = 0; d * 24 < hours; d++)
        {
            double forecast = 0, planned = 0, capacity = 0, overBefore = 0, overAfter = 0;
            foreach (var l in hubs)
                for (var h = d * 24; h < Math.Min(hours, d * 24 + 24); h++)
                {
                    forecast += l.UnshavedP50[h];
                    planned += l.Planned[h];
                    var c = Cap(l, h);
                    if (double.IsNaN(c)) continue;
                    capacity += c;
                    overBefore += Math.Max(0, l.UnshavedP50[h] - c);
                    overAfter += Math.Max(0, l.Planned[h] - c);
                }
            var day = campaign.HorizonStart.AddDays(d);
            var sale = campaign.SaleDays.Contains(day) ? " ← sale day" : "";
            o.WriteLine($"  {day:yyyy-MM-dd} {forecast,13:N0} {planned,12:N0} {capacity,14:N0} {overBefore,12:N0} → {overAfter:N0}{sale}");
        }

        int Over(Func<NodeLoad, double[]> series) => hubs.Sum(l => Enumerable.Range(0, hours).Count(h => !double.IsNaN(Cap(l, h)) && series(l)[h] > Cap(l, h) + 0.5));
        var shaved = hubs.Sum(l => Enumerable.Range(0, hours).Sum(h => double.IsNaN(Cap(l, h)) ? 0 : Math.Max(0, l.UnshavedP50[h] - Cap(l, h))));
        var worst = hubs.Select(l => (l, over: Enumerable.Range(0, hours).Select(h => double.IsNaN(Cap(l, h)) ? 0 : l.UnshavedP50[h] - Cap(l, h)).DefaultIfEmpty(0).Max()))
            .OrderByDescending(x => x.over).First();
        o.WriteLine();
        o.WriteLine($"The peak: {Over(l => l.UnshavedP50)} origin-hub hours over capacity as parcels would naturally arrive ({shaved:N0} parcels too many; worst {worst.l.Node}, {worst.over:N0} over in one hour); {Over(l => l.Planned)} after shaving.");
        o.WriteLine($"Parcels: {plan.TotalParcels:N0} planned over {hours / 24} days; delayed {plan.Merchants.Sum(m => m.DelayedParcels):N0} (longest {plan.Merchants.Select(m => m.MaxDelayHours).DefaultIfEmpty(0).Max()} h); late (beyond {campaign.ShipWithinHours} h) {plan.LateParcels:N0}; not placeable in the horizon {plan.UnplannedParcels:N0}.");

        o.WriteLine($"Alerts in force: {string.Join(", ", new[] { AlertLevel.Blocked, AlertLevel.Warning, AlertLevel.Watch }.Select(l => $"{run.Alerts.Count(a => a.Level == l):N0} {l.ToString().ToLowerInvariant()}"))}.");
        o.WriteLine();
        o.WriteLine("Most loaded origin hubs (peak forecast P90 ÷ capacity):");
        var top = hubs.Select(l => (l, peak: Enumerable.Range(0, hours).Select(h => double.IsNaN(Cap(l, h)) || Cap(l, h) == 0 ? 0 : l.UnshavedP90[h] / Cap(l, h)).DefaultIfEmpty(0).Max()))
            .OrderByDescending(x => x.peak).ThenBy(x => x.l.Node, StringComparer.Ordinal).Take(5);
        foreach (var (l, peak) in top)
        {
            var alert = run.Alerts.Where(a => a.Node == l.Node && a.NodeKind == LoadNodeKind.OriginSort).OrderByDescending(a => a.Level).FirstOrDefault();
            o.WriteLine($"  {l.Node,-12} {l.Carrier,-6} peak {peak,6:P0}   {(alert is null ? "no alert after shaving" : $"{alert.Level.ToString().ToLowerInvariant()}: {PublicationMapper.Advice(alert, campaign)}")}");
        }

        var merchant = ShowcaseMerchant(plan);
        var stats = plan.Merchants.Single(m => m.Merchant == merchant);
        var zone = campaign.Zone;
        string Local(int hour) => TimeZoneInfo.ConvertTime(campaign.HorizonStartUtc.AddHours(hour), zone).ToString("MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture);
        var windows = plan.Windows.Where(w => w.Merchant == merchant).ToList();
        o.WriteLine();
        o.WriteLine($"Merchant {merchant}: {stats.Parcels:N0} parcels, {windows.Count} windows, {stats.DelayedParcels:N0} delayed (longest {stats.MaxDelayHours} h), {stats.LateParcels:N0} late. First windows (local time):");
        foreach (var w in windows.OrderBy(w => w.StartHour).ThenBy(w => w.Warehouse, StringComparer.Ordinal).Take(8))
            o.WriteLine($"  {Local(w.StartHour)} – {Local(w.EndHour)}  hand {w.MaxParcels,6:N0} parcels to {w.Carrier} at {w.Warehouse} (hub {w.Hub})");
    }
}
