using Logistics.Domain.Campaigns;
using Logistics.Domain.Handling;

namespace Logistics.Server.Loads;

/// <summary>Turns a stored lane into what the region view shows, with its receiving hub's delay per hour.</summary>
internal static class LaneStatus
{
    /// <param name="delay">The receiving hub's expected extra delay per horizon hour (<see cref="NodeLoadRow.DelayHours"/>), or null when the run stored no load there.</param>
    public static LaneStatusView View(LaneLoadRow row, double[]? delay, Campaign campaign)
    {
        var zone = campaign.Zone;
        var count = row.Planned.Length;
        long[] p50 = new long[count], p90 = new long[count], planned = new long[count];
        var waits = new double?[count];
        var days = new List<LaneDayView>();
        for (var i = 0; i < count; i++)
        {
            var t = row.FirstHour + i;
            (p50[i], p90[i], planned[i]) = (Round(row.UnshavedP50[i]), Round(row.UnshavedP90[i]), Round(row.Planned[i]));
            var wait = delay is null || t >= delay.Length ? 0 : delay[t];
            waits[i] = double.IsFinite(wait) ? Math.Round(wait, 1) : null;
            var date = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(campaign.HorizonStartUtc.AddHours(t), zone).DateTime);
            if (days.Count == 0 || days[^1].Date != date) days.Add(new LaneDayView(date, 0, 0, 0, 0));
            var d = days[^1];
            days[^1] = d with
            {
                ForecastP50 = d.ForecastP50 + p50[i], ForecastP90 = d.ForecastP90 + p90[i], Planned = d.Planned + planned[i],
                MaxDelayHours = d.MaxDelayHours is { } m && waits[i] is { } w ? Math.Max(m, w) : null,
            };
        }
        var start = TimeZoneInfo.ConvertTime(campaign.HorizonStartUtc.AddHours(row.FirstHour), zone);
        return new LaneStatusView(row.Origin, row.Destination, row.Carrier, days, new LaneHoursView(start, p50, p90, planned, waits),
            row.Bulky ? HandlingClasses.Bulky : HandlingClasses.Parcel);
    }

    private static long Round(float x) => (long)Math.Round(x, MidpointRounding.AwayFromZero);
}
