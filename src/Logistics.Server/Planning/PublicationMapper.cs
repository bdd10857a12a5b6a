using System.Text.Json;
using Logistics.Domain.Alerts;
using Logistics.Domain.Forecasting;
using Logistics.Domain.Planning;
using Logistics.Server.Publication;

namespace Logistics.Server.Planning;

/// <summary>
/// Turns the domain's plan and alerts into what is published: hour indexes become UTC times (and the
/// campaign's local times beside them), and each alert learns whom it concerns: the merchants whose
/// planned or forecast flow touches its node. Watch is for ops only; a destination hub's delay notice
/// concerns the merchants whose routes pass there.
/// </summary>
internal static class PublicationMapper
{
    public static Publication.Publication Map(PlanningSnapshot snap, long runId, PlanResult plan, HandoverDemand demand, IReadOnlyList<Alert> alerts,
        IReadOnlySet<string>? ended = null, IReadOnlyDictionary<string, string>? merged = null)
    {
        var start = snap.Campaign.HorizonStartUtc;
        var windows = new PlannedWindows(plan, start);

        // Whom each alert concerns is made merchant by merchant (Audiences) as alert positions, not
        // listed per alert as merchant codes: at national scale those lists would hold some fifteen
        // million strings. The publisher gathers it while PostgreSQL writes the alerts. The texts and states
        // of 220,000 alerts are seconds of CPU: they are written while the windows are copied (a
        // publication reads its alerts after its windows), on whatever core is free.
        var clock = new CampaignClock(snap.Campaign);
        var published = Task.Run(() => alerts.AsParallel().AsOrdered().Select(a => Published(a, clock)).ToList());
        return new Publication.Publication(snap.Campaign.Code, runId, windows, new LaterList<PublishedAlert>(published))
        {
            Audiences = Audiences(snap, plan, demand, alerts, windows.Lanes),
            Ended = ended ?? new HashSet<string>(),
            Merged = merged ?? new Dictionary<string, string>(),
        };
    }

    /// <summary>One alert as the API shows it; no merchant list (the audiences say whom it concerns).</summary>
    internal static PublishedAlert Published(Alert a, CampaignClock clock)
    {
        var actionable = a.Level is AlertLevel.Blocked or AlertLevel.Warning;
        return new PublishedAlert(
            a.Id, AlertLevels.Name(a.Level), a.Carrier, a.Node, AlertLevels.Name(a.NodeKind), clock.Utc(a.StartHour), clock.Utc(a.EndHour),
            a.ForecastP50, a.ForecastP90, a.CapacityParcels, a.Utilization ?? double.PositiveInfinity,
            AlertText.Reason(a, clock.Text, clock.Zone), AlertText.Advice(a, clock.Text, clock.Zone),
            NetworkWide: false, [], JsonSerializer.Serialize(a, SnapshotReader.StateJson))
        {
            Shown = new AlertShown(AlertLevels.Name(a.Kind), clock.Zone, clock.Local(a.StartHour), clock.Local(a.EndHour), a.ReservedParcels,
                actionable ? new AlertAvoid(a.Carrier, a.Node, clock.Local(a.StartHour), clock.Local(a.EndHour)) : null,
                [.. a.Options.Select(o => new AlertInstead(o.Carrier, o.Node, o.Warehouse, clock.Local(o.StartHour), clock.Local(o.EndHour), o.RoomParcels))],
                a.DelayHours, a.Region),
        };
    }

    /// <summary>The reason in the campaign's local time, as published.</summary>
    public static string Reason(Alert a, Logistics.Domain.Campaigns.Campaign campaign)
    {
        var clock = new CampaignClock(campaign);
        return AlertText.Reason(a, clock.Text, clock.Zone);
    }

    /// <summary>The advice in the campaign's local time, which is what a merchant acts on.</summary>
    public static string Advice(Alert a, Logistics.Domain.Campaigns.Campaign campaign)
    {
        var clock = new CampaignClock(campaign);
        return AlertText.Advice(a, clock.Text, clock.Zone);
    }

    /// <summary>Whom the alerts concern (see <see cref="AudienceBuilder"/>), read as the publication writes them.</summary>
    private static IEnumerable<MerchantAudience> Audiences(PlanningSnapshot snap, PlanResult plan, HandoverDemand demand, IReadOnlyList<Alert> alerts, PlannedWindows.WindowLanes lanes)
    {
        // A plan's windows copied as records note their lanes as they go; copied by index (a planner's
        // plan) or not yet copied, the lanes are gathered here, from the indices where there are some.
        if (!lanes.Complete) lanes.Gather(plan.Windows);
        foreach (var audience in new AudienceBuilder(snap.Network, alerts, HandoverDemandBuilder.BulkyLines(snap.Capacities)).Audiences(lanes, demand.Pairs)) yield return audience;
    }
}
