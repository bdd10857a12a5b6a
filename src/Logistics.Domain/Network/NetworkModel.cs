using System.Text.Json.Serialization;

namespace Logistics.Domain.Network;

public sealed record Carrier(string Code, string Name);

/// <summary>A carrier's sorting hub; <see cref="Region"/> is the region it serves.</summary>
public sealed record Hub(string Code, string Name, string Carrier, string Region);

public sealed record Warehouse(string Code, string Name, string Region);

public sealed record Region(string Code, string Name);

public sealed record Merchant(string Code, string Name);

/// <summary>
/// A carrier picks parcels up at <see cref="Warehouse"/> and brings them to its origin <see cref="Hub"/>.
/// <see cref="TransitHours"/> is the line-haul time from the origin hub to a destination-region hub.
/// </summary>
public sealed record Lane(string Warehouse, string Hub, string Carrier, int TransitHours = Lane.DefaultTransitHours)
{
    public const int DefaultTransitHours = 24;
    public string Code => $"{Warehouse}>{Hub}";
}

public sealed record MerchantWarehouse(string Merchant, string Warehouse);

/// <summary>
/// The whole capacity network at one moment. <see cref="BulkyCategories"/> are the signal categories
/// whose goods go on bulky capacity (sorted codes; null when none is: every category is a parcel).
/// </summary>
public sealed record NetworkModel(
    IReadOnlyList<Carrier> Carriers,
    IReadOnlyList<Hub> Hubs,
    IReadOnlyList<Warehouse> Warehouses,
    IReadOnlyList<Region> Regions,
    IReadOnlyList<Merchant> Merchants,
    IReadOnlyList<Lane> Lanes,
    IReadOnlyList<MerchantWarehouse> MerchantWarehouses,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? BulkyCategories = null)
{
    public static NetworkModel Empty { get; } = new([], [], [], [], [], [], []);
}
