namespace Logistics.Scenarios;

/// <summary>
/// How big a generated network is. <see cref="For"/> gives the two named scales, without appliances:
/// they are opt-in (<see cref="WithAppliances"/>), so a parcel world stays the same world.
/// </summary>
public sealed record ScenarioSize(
    int Merchants,
    int Warehouses,
    int Carriers,
    int HubsPerCarrier,
    int Regions,
    int Categories,
    int MinCarriersPerWarehouse,
    int MaxCarriersPerWarehouse,
    ApplianceMix? Appliances = null)
{
    public ScenarioSize WithAppliances(ApplianceMix? mix = null) => this with { Appliances = mix ?? ApplianceMix.Default };

    public static ScenarioSize Small { get; } = new(200, 20, 3, 6, 8, 12, 2, 3);

    // ~8 signal lines (warehouse × region × category) per merchant × 12 pre-sale days ≈ 10M rows per campaign.
    public static ScenarioSize National { get; } = new(100_000, 2_000, 20, 30, 31, 60, 3, 5);

    public static ScenarioSize For(ScenarioScale scale) => scale switch
    {
        ScenarioScale.Small => Small,
        ScenarioScale.National => National,
        _ => throw new ArgumentOutOfRangeException(nameof(scale)),
    };
}
