namespace Logistics.Scenarios;

/// <summary>Keys of the independent random streams (changing one never shifts another).</summary>
internal static class Stream
{
    public const ulong Network = 1, Profile = 2, Campaign = 3, SignalTotals = 4, SignalDays = 5,
        Orders = 6, Handover = 7, CategoryRamp = 8, Capacity = 9, CategoryRates = 10, CampaignMood = 11,
        CategoryHeat = 12, WarehouseDay = 13, RegionDay = 14,
        Appliances = 15, BulkyHubs = 16, BulkyCapacity = 17, OriginRegionDay = 18;
}
