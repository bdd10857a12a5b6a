namespace Logistics.Server.Alerts;

/// <summary>
/// How often a merchant should poll: every 30 s from the day before a sale day to two days after it,
/// every 60 s elsewhere in a campaign's horizon, every 5 minutes outside every campaign.
/// </summary>
internal static class PollInterval
{
    public const int Peak = 30, Campaign = 60, Quiet = 300;

    public static int Seconds(IEnumerable<FeedState.CampaignInfo> campaigns, DateTimeOffset now)
    {
        var best = Quiet;
        foreach (var c in campaigns)
        {
            var zone = TimeZoneInfo.FindSystemTimeZoneById(c.TimeZone);
            var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);
            if (c.SaleDays.Any(d => today >= d.AddDays(-1) && today <= d.AddDays(2))) return Peak;
            if (today >= c.HorizonStart.AddDays(-3) && today <= c.HorizonEnd) best = Math.Min(best, Campaign);
        }
        return best;
    }
}
