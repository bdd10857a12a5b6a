using Logistics.Domain.Handling;

namespace Logistics.Domain.Planning;

/// <summary>Parcels a merchant should hand to a carrier (bound for its origin hub) at a warehouse in one hour.</summary>
public sealed record PlannedHandover(string Merchant, string Warehouse, string Carrier, string Hub, int Hour, long Parcels,
    HandlingClass Handling = HandlingClass.Parcel);

/// <summary>
/// How the plan treats one merchant. Delay is handover hour minus release hour; a parcel is late when
/// its delay exceeds ShipWithinHours. Unplanned parcels could not be handed over within the horizon
/// (no lane or no capacity left) and are also counted as late.
/// </summary>
public sealed record MerchantPlanStats(
    string Merchant,
    long Parcels,
    long PlannedParcels,
    long UnplannedParcels,
    long DelayedParcels,
    long TotalDelayHours,
    int MaxDelayHours,
    long LateParcels);

public enum LoadNodeKind
{
    /// <summary>A warehouse's outbound handover (node = warehouse, no carrier).</summary>
    Outbound,
    /// <summary>A carrier's pickup at a warehouse (node = warehouse).</summary>
    Pickup,
    /// <summary>A carrier's origin hub sorting parcels picked up from warehouses (node = hub).</summary>
    OriginSort,
    /// <summary>A carrier's hub in the parcel's destination region (node = hub); not a plan constraint.</summary>
    DestinationSort,
    /// <summary>A carrier's truck slots for bulky parcels at a warehouse (node = warehouse).</summary>
    BulkyPickup,
    /// <summary>An origin hub's bulky line (node = hub).</summary>
    BulkyOriginSort,
    /// <summary>The bulky line of a carrier's hub in the destination region (node = hub); not a plan constraint.</summary>
    BulkyDestinationSort,
}

/// <summary>
/// Hourly load of one node (arrays of horizon length; load falling after the horizon is dropped).
/// Planned = the shaved plan on P50; PlannedP90 = the same plan scaled by each merchant's P90/P50 ratio
/// at the warehouse (what the node sees if demand hits P90 and merchants follow their windows);
/// UnshavedP50/P90 = the forecast's natural handover. Capacity is null when unknown.
/// </summary>
public sealed record NodeLoad(
    LoadNodeKind Kind,
    string Node,
    string? Carrier,
    double[] Planned,
    double[] PlannedP90,
    double[] UnshavedP50,
    double[] UnshavedP90,
    long[]? Capacity);

/// <summary>
/// The line-haul of one carrier from its origin hub to its hub in a destination region, hour by hour
/// as its parcels reach <see cref="Destination"/> (so a destination hub's series is the sum of its
/// lanes'). Planned = the shaved plan on P50; UnshavedP50/P90 = the forecast's natural handover. No
/// capacity: the network limits hubs, not line-hauls. Kept apart from <see cref="NodeLoad"/> so
/// alerts, which are about nodes, never see it.
/// </summary>
public sealed record LaneLoad(string Carrier, string Origin, string Destination, double[] Planned, double[] UnshavedP50, double[] UnshavedP90,
    HandlingClass Handling = HandlingClass.Parcel);

/// <summary>
/// A window a merchant can follow: hand at most <see cref="MaxParcels"/> to the carrier at the warehouse
/// during hours [StartHour, EndHour). Rule: consecutive hours with the same planned parcels per hour
/// for the same (warehouse, carrier, hub) merge into one window whose MaxParcels is the run's sum, so
/// the windows of a merchant sum exactly to its planned parcels. Hours with nothing planned have no window.
/// <see cref="Handling"/> says which class's capacity the window reserves.
/// </summary>
public sealed record ShipmentWindow(string Merchant, string Warehouse, string Carrier, string Hub, int StartHour, int EndHour, long MaxParcels,
    HandlingClass Handling = HandlingClass.Parcel);

/// <summary>The planner's whole answer. Lists are sorted (ordinal) so equal inputs give equal outputs.</summary>
public sealed record PlanResult(
    IReadOnlyList<PlannedHandover> Handovers,
    IReadOnlyList<ShipmentWindow> Windows,
    IReadOnlyList<MerchantPlanStats> Merchants,
    IReadOnlyList<NodeLoad> Loads,
    long TotalCost,
    long TotalParcels,
    long UnplannedParcels,
    long LateParcels,
    IReadOnlyList<LaneLoad> Lanes);
