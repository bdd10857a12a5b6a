using Logistics.Domain.Campaigns;
using Logistics.Server.Planning;

namespace Logistics.Server.Loads;

/// <summary>Turns a stored node load into what the region and carrier views show, over hours [from, to) of the horizon.</summary>
internal static class NodeStatus
{
    public static NodeStatusView View(NodeLoadRow row, Campaign campaign, int from, int to)
    {
        var zone = campaign.Zone;
        var delay = row.DelayHours();
        var hours = new List<NodeHourView>(Math.Max(0, to - from));
        var days = new List<NodeDayView>();
        DateOnly? day = null;
        long d50 = 0, d90 = 0, dPlanned = 0, dCap = 0;
        var dHasCap = false;
        double? dDelay = 0;
        void CloseDay()
        {
            if (day is { } d) days.Add(new NodeDayView(d, d50, d90, dPlanned, dHasCap ? dCap : null, dDelay));
            (d50, d90, dPlanned, dCap, dHasCap, dDelay) = (0, 0, 0, 0, false, 0);
        }
        for (var t = Math.Max(0, from); t < Math.Min(to, row.Planned.Length); t++)
        {
            var start = TimeZoneInfo.ConvertTime(campaign.HorizonStartUtc.AddHours(t), zone);
            var date = DateOnly.FromDateTime(start.DateTime);
            if (day != date) { CloseDay(); day = date; }
            long? cap = row.Capacity is { } c && t < c.Length && c[t] < SnapshotReader.Unconstrained ? c[t] : null;
            double? wait = double.IsFinite(delay[t]) ? Math.Round(delay[t], 1) : null;
            var view = new NodeHourView(start, Round(row.UnshavedP50[t]), Round(row.UnshavedP90[t]), Round(row.Planned[t]), Round(row.PlannedP90[t]), cap, wait);
            hours.Add(view);
            d50 += view.ForecastP50;
            d90 += view.ForecastP90;
            dPlanned += view.Planned;
            if (cap is { } k) { dCap += k; dHasCap = true; }
            dDelay = dDelay is { } m && wait is { } w ? Math.Max(m, w) : null;
        }
        CloseDay();
        return new NodeStatusView(row.Node, row.Kind, row.Carrier, days, hours);
    }

    /// <summary>The largest delay per local day over the horizon (null: does not clear), for the heat map and the what-if diff; needs only planned and capacity.</summary>
    public static (DateOnly Date, double? MaxDelay)[] DailyDelay(NodeLoadRow row, Campaign campaign)
    {
        var delay = row.DelayHours();
        var days = new List<(DateOnly Date, double? MaxDelay)>();
        for (var t = 0; t < delay.Length; t++)
        {
            var date = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(campaign.HorizonStartUtc.AddHours(t), campaign.Zone).DateTime);
            double? wait = double.IsFinite(delay[t]) ? Math.Round(delay[t], 1) : null;
            if (days.Count == 0 || days[^1].Date != date) days.Add((date, wait));
            else days[^1] = (date, days[^1].MaxDelay is { } m && wait is { } w ? Math.Max(m, w) : null);
        }
        return [.. days];
    }

    private static long Round(float x) => (long)Math.Round(x, MidpointRounding.AwayFromZero);
}
