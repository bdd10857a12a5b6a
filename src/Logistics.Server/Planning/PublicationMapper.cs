using System.Text.Json;
using Logistics.Domain.Alerts;
using Logistics.Domain.Forecasting;
using Logistics.Domain.Planning;
using Logistics.Server.Publication;

namespace Logistics.Server.Planning;

/// <summary>
/// Turns the domain's plan and alerts into what is published: hour indexes become UTC times, and
/// each alert learns whom it concerns — the merchants whose planned or forecast flow touches its
/// node. A blocked destination hub concerns every merchant (anyone may ship into that region).
/// </summary>
internal static class PublicationMapper
{
    public static Publication.Publication Map(PlanningSnapshot snap, long runId, PlanResult plan, HandoverDemand demand, IReadOnlyList<Alert> alerts)
    {
        var start = snap.Campaign.HorizonStartUtc;
        var windows = new PlannedWindows(plan, start);

        // Whom each alert concerns is streamed merchant by merchant (Audiences), not listed per alert:
        // at national scale the lists would hold some fifteen million entries.
        var published = alerts.Select(a => new PublishedAlert(
            a.Id, a.Level.ToString().ToLowerInvariant(), a.Carrier, a.Node, NodeKind(a.NodeKind), start.AddHours(a.StartHour), start.AddHours(a.EndHour),
            a.ForecastP50, a.ForecastP90, a.CapacityParcels, a.Utilization ?? double.PositiveInfinity, Reason(a, snap.Campaign), Advice(a, snap.Campaign),
            NetworkWide(a),
            [], JsonSerializer.Serialize(a, SnapshotReader.StateJson))).ToList();
        return new Publication.Publication(snap.Campaign.Code, runId, windows, published) { Audiences = Audiences(snap, plan, demand, alerts, windows.Lanes) };
    }

    /// <summary>A blocked destination hub concerns every merchant: anyone may ship into its region.</summary>
    private static bool NetworkWide(Alert a) => a.Level == AlertLevel.Blocked && a.NodeKind == LoadNodeKind.DestinationSort;

    private static string Local(Logistics.Domain.Campaigns.Campaign campaign, int hour) =>
        TimeZoneInfo.ConvertTime(campaign.HorizonStartUtc.AddHours(hour), campaign.Zone).ToString("MMM d HH:mm", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Why, in numbers and the campaign's local time (the engine's own text counts horizon hours).</summary>
    public static string Reason(Alert a, Logistics.Domain.Campaigns.Campaign campaign)
    {
        var what = a.NodeKind switch
        {
            LoadNodeKind.Outbound => $"warehouse {a.Node} outbound",
            LoadNodeKind.Pickup => $"{a.Carrier}'s pickup at warehouse {a.Node}",
            LoadNodeKind.OriginSort => $"{a.Carrier}'s origin hub {a.Node}",
            _ => $"{a.Carrier}'s destination hub {a.Node}",
        };
        var load = a.CapacityParcels == 0
            ? $"is closed (capacity 0) while {a.ForecastP90:N0} parcels (P90) would arrive"
            : $"would get {a.ForecastP90:N0} parcels (P90; P50 {a.ForecastP50:N0}) against a capacity of {a.CapacityParcels:N0}, peaking at {a.Utilization:P0} of an hour's capacity";
        var text = $"{what} {load} from {Local(campaign, a.StartHour)} to {Local(campaign, a.EndHour)}.";
        return char.ToUpperInvariant(text[0]) + text[1..];
    }

    /// <summary>The engine's advice in the campaign's local time, which is what a merchant acts on.</summary>
    public static string Advice(Alert a, Logistics.Domain.Campaigns.Campaign campaign)
    {
        string Local(int hour) => PublicationMapper.Local(campaign, hour);
        var parts = new List<string>();
        if (a.Level == AlertLevel.Blocked) parts.Add($"Do not hand parcels to {a.Node} from {Local(a.StartHour)} to {Local(a.EndHour)}.");
        if (a.Advice.NextStartHour is { } next)
            parts.Add($"Next room at {a.Node}: from {Local(next)}{(a.Advice.NextEndHour is { } end ? $" to {Local(end)}" : "")}"
                      + (a.Advice.RoomParcels is { } room ? $" (about {room:N0} parcels)." : "."));
        if (a.Advice.AlternativeHub is { } hub) parts.Add($"Or use {a.Carrier}'s hub {hub}, which has room over the same hours.");
        return parts.Count == 0 ? a.Advice.Text : string.Join(" ", parts);
    }

    public static string NodeKind(LoadNodeKind kind) => kind switch
    {
        LoadNodeKind.Outbound => "outbound",
        LoadNodeKind.Pickup => "pickup",
        LoadNodeKind.OriginSort => "origin_hub",
        LoadNodeKind.DestinationSort => "destination_hub",
        _ => kind.ToString(),
    };

    /// <summary>
    /// For each merchant, the alerts on the nodes its windows and forecast touch: its warehouses'
    /// outbound, its carriers' pickup there, their origin hubs, and the destination hub of each
    /// region it is forecast to ship to. Windows and forecast pairs both come sorted by merchant
    /// (ordinal), so one merchant's nodes are gathered at a time.
    /// </summary>
    private static IEnumerable<MerchantAudience> Audiences(PlanningSnapshot snap, PlanResult plan, HandoverDemand demand, IReadOnlyList<Alert> alerts, PlannedWindows.WindowLanes lanes)
    {
        // A publication copies the windows before it reads the audiences, and they note their lanes
        // as they go; read in another order, the lanes are gathered here.
        if (!lanes.Complete) lanes.Gather(plan.Windows);
        // Network-wide alerts concern everyone and are listed for no one.
        var onNode = new Dictionary<(LoadNodeKind, string, string?), List<int>>();
        for (var i = 0; i < alerts.Count; i++)
        {
            if (NetworkWide(alerts[i])) continue;
            var key = (alerts[i].NodeKind, alerts[i].Node, alerts[i].Carrier);
            (onNode.TryGetValue(key, out var list) ? list : onNode[key] = []).Add(i);
        }
        var hubOf = snap.Network.Lanes.GroupBy(l => (l.Warehouse, l.Carrier)).ToDictionary(g => g.Key, g => g.Select(l => l.Hub).ToList());
        var hubCarrier = snap.Network.Hubs.ToDictionary(h => h.Code, h => h.Carrier);
        // A forecast line (carrier, region) reaches the carrier's destination hub in that region. A
        // pair has a line per carrier and region, so the alerts are looked up by line directly, and
        // not at all when no destination hub has one to tell (repeats are dropped by the writer).
        var onLine = snap.Network.Hubs.GroupBy(h => (h.Carrier, h.Region))
            .Select(g => (Line: g.Key, Alerts: onNode.GetValueOrDefault((LoadNodeKind.DestinationSort, g.Select(h => h.Code).Order(StringComparer.Ordinal).First(), g.Key.Carrier))))
            .Where(d => d.Alerts is not null)
            .ToDictionary(d => d.Line, d => d.Alerts!);

        var nodes = new HashSet<(LoadNodeKind, string, string?)>();
        var carriers = new List<string>();
        var windows = lanes.GetEnumerator();   // a struct: not a using variable, which would be read-only
        var moreWindows = windows.MoveNext();
        var pairs = demand.Pairs;
        var pair = 0;
        string? previous = null;
        while (moreWindows || pair < pairs.Count)
        {
            var merchant = !moreWindows ? pairs[pair].Merchant
                : pair == pairs.Count || string.CompareOrdinal(windows.Current.Merchant, pairs[pair].Merchant) <= 0 ? windows.Current.Merchant
                : pairs[pair].Merchant;
            if (previous is not null && string.CompareOrdinal(previous, merchant) >= 0)
                throw new InvalidOperationException($"the plan's windows or forecast pairs are not sorted by merchant ('{previous}' before '{merchant}')");
            previous = merchant;
            nodes.Clear();
            var concerned = new List<int>();
            // Windows touch what the plan's handovers touch (a window is a run of them).
            for (; moreWindows && windows.Current.Merchant == merchant; moreWindows = windows.MoveNext())
            {
                var w = windows.Current;
                nodes.Add((LoadNodeKind.Outbound, w.Warehouse, null));
                nodes.Add((LoadNodeKind.Pickup, w.Warehouse, w.Carrier));
                nodes.Add((LoadNodeKind.OriginSort, w.Hub, hubCarrier.GetValueOrDefault(w.Hub)));
            }
            for (; pair < pairs.Count && pairs[pair].Merchant == merchant; pair++)
            {
                var p = pairs[pair];
                if (p.Lines.Count > 0) nodes.Add((LoadNodeKind.Outbound, p.Warehouse, null));
                carriers.Clear();
                foreach (var (carrier, region) in p.Lines)
                {
                    // A pair has a line per carrier and region: its carriers' nodes once each.
                    if (!carriers.Contains(carrier))
                    {
                        carriers.Add(carrier);
                        nodes.Add((LoadNodeKind.Pickup, p.Warehouse, carrier));
                        foreach (var hub in hubOf.GetValueOrDefault((p.Warehouse, carrier)) ?? [])
                            nodes.Add((LoadNodeKind.OriginSort, hub, carrier));
                    }
                    if (onLine.Count > 0 && onLine.TryGetValue((carrier, region), out var destinationAlerts)) concerned.AddRange(destinationAlerts);
                }
            }
            foreach (var node in nodes)
                if (onNode.TryGetValue(node, out var list)) concerned.AddRange(list);
            if (concerned.Count > 0) yield return new MerchantAudience(merchant, concerned);
        }
    }
}
