namespace Logistics.Scenarios;

/// <summary>
/// Appliance sellers in a generated world: <see cref="Categories"/> bulky categories, about
/// <see cref="SellerShare"/> of merchants selling one of them beside their parcels, and
/// <see cref="HubShare"/> of each carrier's hubs (at least one) with a bulky line.
/// </summary>
public sealed record ApplianceMix(int Categories, double SellerShare, double HubShare)
{
    public static ApplianceMix Default { get; } = new(2, 0.1, 0.2);
}
