using Logistics.Domain.Alerts;
using Logistics.Domain.Campaigns;
using Logistics.Domain.Forecasting;
using Logistics.Domain.Network;
using Logistics.Domain.Planning;
using Logistics.Server.Loads;
using Logistics.Server.Planning;

namespace Logistics.Server.WhatIf;

/// <summary>What the published run says, for the diff: its alerts in force, its stored loads, its counts.</summary>
internal sealed record BaseRun(long? Id, IReadOnlyList<Alert> AlertsInForce, IReadOnlyList<NodeLoadRow> Loads, long? DelayedParcels, long? LateParcels);

/// <summary>
/// A what-if's plan against the published run: alerts by their key across runs (the dry run carries
/// the published alerts through the same hysteresis a real run would), merchants those alerts
/// concern, parcels moved between pickups and hours, and regions whose receiving hubs' delay grows.
/// </summary>
internal static class WhatIfDiffBuilder
{
    private const int MaxMerchantsListed = 1000;
    /// <summary>Delays are shown to a tenth of an hour: a smaller growth is rounding.</summary>
    private const double DelayEpsilon = 0.05;

    public static WhatIfDiff Build(BaseRun published, PlanResult plan, IReadOnlyList<Alert> alerts, HandoverDemand demand, NetworkModel network, Campaign campaign,
        IReadOnlySet<string> bulkyLines)
    {
        var clock = new CampaignClock(campaign);
        var before = published.AlertsInForce.ToDictionary(a => a.Id, StringComparer.Ordinal);
        var after = alerts.ToDictionary(a => a.Id, StringComparer.Ordinal);
        var added = alerts.Where(a => !before.ContainsKey(a.Id)).ToList();
        var removed = published.AlertsInForce.Where(a => !after.ContainsKey(a.Id)).ToList();
        var changed = alerts.Where(a => before.TryGetValue(a.Id, out var b) && a.PublishedDiffers(b)).ToList();

        var concerned = new List<Alert>([.. added, .. removed, .. changed]);
        var windows = new PlannedWindows(plan, campaign.HorizonStartUtc);
        windows.Lanes.Gather(plan.Windows);
        var merchants = new AudienceBuilder(network, concerned, bulkyLines).Audiences(windows.Lanes, demand.Pairs).Select(m => m.Merchant).ToList();

        return new WhatIfDiff(published.Id,
            [.. added.Select(a => Show(a, clock))],
            [.. removed.Select(a => Show(a, clock))],
            [.. changed.Select(a => new ChangedAlert(Show(before[a.Id], clock), Show(a, clock)))],
            new AffectedMerchants(merchants.Count, [.. merchants.Take(MaxMerchantsListed)]),
            new ParcelChanges(Moved(published.Loads, plan.Loads),
                new Change(published.DelayedParcels, plan.Merchants.Sum(m => m.DelayedParcels)),
                new Change(published.LateParcels, plan.LateParcels)),
            RegionsGrowing(published.Loads, plan.Loads, network, campaign));
    }

    private static DiffAlert Show(Alert a, CampaignClock clock) =>
        new(a.Id, AlertLevels.Name(a.Level), AlertLevels.Name(a.NodeKind), a.Node, a.Carrier, clock.Local(a.StartHour), clock.Local(a.EndHour),
            a.ForecastP50, a.CapacityParcels, a.DelayHours, a.Region);

    /// <summary>Parcels the published plan picks up at a warehouse, carrier and hour that the what-if does not (so hands over elsewhen or elsewhere).</summary>
    private static long Moved(IReadOnlyList<NodeLoadRow> published, IReadOnlyList<NodeLoad> dry)
    {
        var pickup = AlertLevels.Name(LoadNodeKind.Pickup);
        var now = dry.Where(l => l.Kind == LoadNodeKind.Pickup).ToDictionary(l => (l.Node, l.Carrier ?? ""));
        double moved = 0;
        foreach (var b in published.Where(l => l.Kind == pickup))
        {
            var a = now.GetValueOrDefault((b.Node, b.Carrier ?? ""));
            for (var h = 0; h < b.Planned.Length; h++)
                moved += Math.Max(0, b.Planned[h] - (a is null || h >= a.Planned.Length ? 0 : (float)a.Planned[h]));
        }
        return (long)Math.Round(moved);
    }

    private static IReadOnlyList<RegionDelayGrowth> RegionsGrowing(IReadOnlyList<NodeLoadRow> published, IReadOnlyList<NodeLoad> dry, NetworkModel network, Campaign campaign)
    {
        var destination = AlertLevels.Name(LoadNodeKind.DestinationSort);
        var regionOf = network.Hubs.ToDictionary(h => h.Code, h => h.Region, StringComparer.Ordinal);
        var before = ByRegion(published.Where(l => l.Kind == destination), regionOf, campaign);
        // The same rule over the same precision the published run was stored in, so an unchanged hub shows no growth.
        var after = ByRegion(dry.Where(l => l.Kind == LoadNodeKind.DestinationSort).Select(Row), regionOf, campaign);
        var growing = new List<(RegionDelayGrowth Growth, double Worst)>();
        foreach (var (region, days) in after.OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            var was = before.GetValueOrDefault(region) ?? [];
            var grown = new List<RegionDayDelay>();
            double worst = 0;
            foreach (var (date, delay) in days.OrderBy(d => d.Key))
            {
                double? old = was.TryGetValue(date, out var o) ? o : 0;
                // Null (does not clear) is the longest delay there is.
                double now = delay ?? double.PositiveInfinity, then = old ?? double.PositiveInfinity;
                if (now <= then + DelayEpsilon) continue;
                var growth = now - then;
                grown.Add(new RegionDayDelay(date, old, delay));
                worst = Math.Max(worst, growth);
            }
            if (grown.Count > 0) growing.Add((new RegionDelayGrowth(region, grown), worst));
        }
        return [.. growing.OrderByDescending(g => g.Worst).ThenBy(g => g.Growth.Region, StringComparer.Ordinal).Select(g => g.Growth)];
    }

    /// <summary>Per region and local day, the largest delay over its receiving hubs (null: one of them does not clear).</summary>
    private static Dictionary<string, Dictionary<DateOnly, double?>> ByRegion(IEnumerable<NodeLoadRow> loads, Dictionary<string, string> regionOf, Campaign campaign)
    {
        var result = new Dictionary<string, Dictionary<DateOnly, double?>>(StringComparer.Ordinal);
        foreach (var l in loads)
        {
            if (!regionOf.TryGetValue(l.Node, out var region)) continue;
            if (!result.TryGetValue(region, out var days)) result[region] = days = [];
            foreach (var (date, delay) in NodeStatus.DailyDelay(l, campaign))
                days[date] = days.TryGetValue(date, out var was) ? (was is { } w && delay is { } d ? Math.Max(w, d) : null) : delay;
        }
        return result;
    }

    internal static NodeLoadRow Row(NodeLoad l) => new()
    {
        Kind = AlertLevels.Name(l.Kind), Node = l.Node, Carrier = l.Carrier,
        Planned = [.. l.Planned.Select(x => (float)x)], PlannedP90 = [.. l.PlannedP90.Select(x => (float)x)],
        UnshavedP50 = [.. l.UnshavedP50.Select(x => (float)x)], UnshavedP90 = [.. l.UnshavedP90.Select(x => (float)x)],
        Capacity = l.Capacity,
    };
}
