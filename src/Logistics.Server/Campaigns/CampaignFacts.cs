using Logistics.Domain.Campaigns;
using Logistics.Server.Alerts;

namespace Logistics.Server.Campaigns;

/// <summary>The domain's campaign from what the API keeps in memory: enough for its horizon, hours and time zone.</summary>
internal static class CampaignFacts
{
    public static Campaign Of(FeedState.CampaignInfo info) =>
        new(info.Code, info.Code, info.TimeZone, info.SaleDays, info.HorizonStart, info.HorizonEnd);
}
