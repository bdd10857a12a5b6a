namespace Logistics.Scenarios;

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
