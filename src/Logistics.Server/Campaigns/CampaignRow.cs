namespace Logistics.Server.Campaigns;

/// <summary>One validated line of a campaigns file.</summary>
internal sealed record CampaignRow(
    long Line, string Code, string Name, string TimeZone, DateOnly[] SaleDays,
    DateOnly HorizonStart, DateOnly HorizonEnd, int ShipWithinHours)
{
    public static readonly string[] Required = ["code", "name", "time_zone", "sale_days", "horizon_start", "horizon_end", "ship_within_hours"];
}
