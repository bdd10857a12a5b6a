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
        var windows = plan.Windows.Select(w => new PublishedWindow(w.Merchant, w.Warehouse, w.Carrier, w.Hub,
            start.AddHours(w.StartHour), start.AddHours(w.EndHour), checked((int)w.MaxParcels)));

        var audience = Audience(snap, plan, demand);
        var published = alerts.Select(a => new PublishedAlert(
            a.Id, a.Level.ToString().ToLowerInvariant(), a.Carrier, a.Node, NodeKind(a.NodeKind), start.AddHours(a.StartHour), start.AddHours(a.EndHour),
            a.ForecastP50, a.ForecastP90, a.CapacityParcels, a.Utilization ?? double.PositiveInfinity, Reason(a, snap.Campaign), Advice(a, snap.Campaign),
            NetworkWide: a.Level == AlertLevel.Blocked && a.NodeKind == LoadNodeKind.DestinationSort,
            audience.TryGetValue((a.NodeKind, a.Node, a.Carrier), out var merchants) ? merchants.Order(StringComparer.Ordinal).ToList() : [],
            JsonSerializer.Serialize(a, SnapshotReader.StateJson))).ToList();
        return new Publication.Publication(snap.Campaign.Code, runId, windows, published);
    }

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

    private static Dictionary<(LoadNodeKind, string, string?), HashSet<string>> Audience(PlanningSnapshot snap, PlanResult plan, HandoverDemand demand)
    {
        var map = new Dictionary<(LoadNodeKind, string, string?), HashSet<string>>();
        void Add(LoadNodeKind kind, string node, string? carrier, string merchant)
        {
            if (!map.TryGetValue((kind, node, carrier), out var set)) map[(kind, node, carrier)] = set = [];
            set.Add(merchant);
        }
        var hubOf = snap.Network.Lanes.GroupBy(l => (l.Warehouse, l.Carrier)).ToDictionary(g => g.Key, g => g.Select(l => l.Hub).ToList());
        var hubCarrier = snap.Network.Hubs.ToDictionary(h => h.Code, h => h.Carrier);
        var destination = snap.Network.Hubs.GroupBy(h => (h.Carrier, h.Region)).ToDictionary(g => g.Key, g => g.Select(h => h.Code).Order(StringComparer.Ordinal).First());

        // Windows touch what the plan's handovers touch (a window is a run of them).
        foreach (var w in plan.Windows)
        {
            Add(LoadNodeKind.Outbound, w.Warehouse, null, w.Merchant);
            Add(LoadNodeKind.Pickup, w.Warehouse, w.Carrier, w.Merchant);
            Add(LoadNodeKind.OriginSort, w.Hub, hubCarrier.GetValueOrDefault(w.Hub), w.Merchant);
        }
        foreach (var p in demand.Pairs)
            foreach (var (carrier, region) in p.Lines)
            {
                Add(LoadNodeKind.Outbound, p.Warehouse, null, p.Merchant);
                Add(LoadNodeKind.Pickup, p.Warehouse, carrier, p.Merchant);
                foreach (var hub in hubOf.GetValueOrDefault((p.Warehouse, carrier)) ?? [])
                    Add(LoadNodeKind.OriginSort, hub, carrier, p.Merchant);
                if (destination.TryGetValue((carrier, region), out var dest))
                    Add(LoadNodeKind.DestinationSort, dest, carrier, p.Merchant);
            }
        return map;
    }
}
