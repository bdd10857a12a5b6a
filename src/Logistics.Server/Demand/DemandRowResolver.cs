using Logistics.Server.Ingest;

namespace Logistics.Server.Demand;

/// <summary>What signals and outcomes lines share: campaign, merchant, warehouse (which the merchant uses), region and date.</summary>
internal abstract class DemandRowResolver(BulkLookups lookups) : BulkRowResolver
{
    protected BulkLookups Lookups { get; } = lookups;
    protected long MerchantId { get; private set; }
    protected long WarehouseId { get; private set; }
    protected long RegionId { get; private set; }

    protected bool TryCommon(string campaign, string merchant, string warehouse, string region, string date)
    {
        if (!Lookups.Campaigns.TryGetValue(campaign, out var c) || !Lookups.Merchants.TryGetValue(merchant, out var m)
            || !Lookups.Warehouses.TryGetValue(warehouse, out var w) || !Lookups.Regions.TryGetValue(region, out var r)
            || !Lookups.MerchantWarehouses.Contains((m, w)) || !DemandCells.TryDate(date, out var day))
            return false;
        var (first, last) = Lookups.SignalDays[c];
        if (day < first || day > last) return false;
        (CampaignId, MerchantId, WarehouseId, RegionId, Day) = (c, m, w, r, day);
        return true;
    }
}
