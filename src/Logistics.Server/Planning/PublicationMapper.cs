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

        // Whom each alert concerns is made merchant by merchant (Audiences) as alert positions, not
        // listed per alert as merchant codes: at national scale those lists would hold some fifteen
        // million strings. The publisher gathers it while PostgreSQL writes the alerts. The texts and states
        // of 220,000 alerts are seconds of CPU: they are written while the windows are copied (a
        // publication reads its alerts after its windows), on whatever core is free.
        var local = LocalHours(snap.Campaign);
        var published = Task.Run(() => alerts.AsParallel().AsOrdered().Select(a => new PublishedAlert(
            a.Id, a.Level.ToString().ToLowerInvariant(), a.Carrier, a.Node, NodeKind(a.NodeKind), start.AddHours(a.StartHour), start.AddHours(a.EndHour),
            a.ForecastP50, a.ForecastP90, a.CapacityParcels, a.Utilization ?? double.PositiveInfinity, Reason(a, local), Advice(a, local),
            NetworkWide(a),
            [], JsonSerializer.Serialize(a, SnapshotReader.StateJson))).ToList());
        return new Publication.Publication(snap.Campaign.Code, runId, windows, new LaterList<PublishedAlert>(published))
        {
            Audiences = Audiences(snap, plan, demand, alerts, windows.Lanes),
        };
    }

    /// <summary>A blocked destination hub concerns every merchant: anyone may ship into its region.</summary>
    internal static bool NetworkWide(Alert a) => a.Level == AlertLevel.Blocked && a.NodeKind == LoadNodeKind.DestinationSort;

    private static string Local(Logistics.Domain.Campaigns.Campaign campaign, int hour) =>
        TimeZoneInfo.ConvertTime(campaign.HorizonStartUtc.AddHours(hour), campaign.Zone).ToString("MMM d HH:mm", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The campaign's local time of each horizon hour, written once (a national run's alerts name a million).</summary>
    private static Func<int, string> LocalHours(Logistics.Domain.Campaigns.Campaign campaign)
    {
        var texts = Enumerable.Range(0, campaign.HorizonHours + 1).Select(h => Local(campaign, h)).ToArray();
        return hour => (uint)hour < (uint)texts.Length ? texts[hour] : Local(campaign, hour);
    }

    /// <summary>Why, in numbers and the campaign's local time (the engine's own text counts horizon hours).</summary>
    public static string Reason(Alert a, Logistics.Domain.Campaigns.Campaign campaign) => Reason(a, hour => Local(campaign, hour));

    private static string Reason(Alert a, Func<int, string> local)
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
        var text = $"{what} {load} from {local(a.StartHour)} to {local(a.EndHour)}.";
        return char.ToUpperInvariant(text[0]) + text[1..];
    }

    /// <summary>The engine's advice in the campaign's local time, which is what a merchant acts on.</summary>
    public static string Advice(Alert a, Logistics.Domain.Campaigns.Campaign campaign) => Advice(a, hour => Local(campaign, hour));

    private static string Advice(Alert a, Func<int, string> local)
    {
        var parts = new List<string>();
        if (a.Level == AlertLevel.Blocked) parts.Add($"Do not hand parcels to {a.Node} from {local(a.StartHour)} to {local(a.EndHour)}.");
        if (a.Advice.NextStartHour is { } next)
            parts.Add($"Next room at {a.Node}: from {local(next)}{(a.Advice.NextEndHour is { } end ? $" to {local(end)}" : "")}"
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

    /// <summary>Whom the alerts concern (see <see cref="AudienceBuilder"/>), read as the publication writes them.</summary>
    private static IEnumerable<MerchantAudience> Audiences(PlanningSnapshot snap, PlanResult plan, HandoverDemand demand, IReadOnlyList<Alert> alerts, PlannedWindows.WindowLanes lanes)
    {
        // A plan's windows copied as records note their lanes as they go; copied by index (a planner's
        // plan) or not yet copied, the lanes are gathered here, from the indices where there are some.
        if (!lanes.Complete) lanes.Gather(plan.Windows);
        foreach (var audience in new AudienceBuilder(snap.Network, alerts, NetworkWide).Audiences(lanes, demand.Pairs)) yield return audience;
    }
}
