using Logistics.Domain.Capacity;
using Logistics.Domain.Forecasting;
using Logistics.Domain.Network;

namespace Logistics.Domain.Planning;

/// <summary>
/// Hourly capacity of one node over the horizon: <see cref="Parcels"/>[h] for hour h (length = horizon).
/// Node is a warehouse code (Outbound, Pickup) or a hub code (Sort); Carrier is set for Pickup only.
/// A series that is absent means unknown (unconstrained); a zero means closed.
/// </summary>
public sealed record CapacitySeries(string Node, CapacityKind Kind, string? Carrier, IReadOnlyList<long> Parcels);

/// <summary>
/// Integer cost weights of the plan, chosen lexicographic in practice: a late parcel-hour costs far
/// more than an on-time delay hour, which costs far more than switching one parcel to another carrier.
/// HeadroomCost is the price of one parcel in the band of a capacity that P90 would overflow (see
/// <see cref="Headroom"/>): 3 delay-hours by default, so parcels wait up to 3 h on time to keep a
/// node's P90 within capacity, and far below a late hour; 0 plans P50 up to the full capacity.
/// </summary>
public sealed record PlannerSettings(
    int PickupLagHours = 1,
    long SwitchCost = 1,
    long DelayCost = 1_000,
    long LateCost = 1_000_000,
    long HeadroomCost = 3_000)
{
    public static PlannerSettings Default { get; } = new();

    /// <summary>Extra cost of a parcel left unplanned at the horizon's end: as if late for another horizon.</summary>
    public long SpillCost(int horizonHours) => (DelayCost + LateCost) * Math.Max(1, horizonHours);
}

/// <summary>Everything the planner needs; hour 0 is the horizon's first hour.</summary>
public sealed record PlanningInput(
    int HorizonHours,
    NetworkModel Network,
    IReadOnlyList<HandoverForecast> Forecast,
    IReadOnlyList<CapacitySeries> Capacities,
    int ShipWithinHours = 72,
    PlannerSettings? Settings = null)
{
    public PlannerSettings EffectiveSettings => Settings ?? PlannerSettings.Default;
}
