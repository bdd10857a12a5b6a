namespace Logistics.Scenarios;

/// <summary>One signal line: a category sold from one of the merchant's warehouses into one region.</summary>
internal readonly record struct DemandLine(int Category, int WarehouseSlot, int Region, double Weight);

/// <summary>How one merchant-warehouse hands parcels over; stable across campaigns so it can be learnt.</summary>
internal sealed record HandoverHabit(int Warehouse, int[] Carriers, double[] CarrierShares, double[] LagShares, double[] HourShares);

/// <summary>A merchant's stable traits, regenerated on demand from (seed, merchant index).</summary>
internal sealed record MerchantProfile(
    int Index,
    double BaseDaily,
    HandoverHabit[] Warehouses,
    DemandLine[] Lines,
    double CartShare,
    double FavoriteShare,
    double DepositShare,
    double PresaleShare,
    int FirstCampaign);
