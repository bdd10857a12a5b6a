using Logistics.Domain.Capacity;
using Logistics.Domain.Handling;

namespace Logistics.Domain.Planning;

/// <summary>
/// A load node kind as a handling class's version of a parcel kind: the bulky kinds are the parcel
/// kinds on bulky capacity (a truck slot for pickup, a hub's bulky line for sorting). Bulky goods
/// leave by the truck slot, so no bulky kind stands for a warehouse's outbound.
/// </summary>
public static class LoadNodeKinds
{
    public static HandlingClass Handling(LoadNodeKind kind) =>
        kind is LoadNodeKind.BulkyPickup or LoadNodeKind.BulkyOriginSort or LoadNodeKind.BulkyDestinationSort ? HandlingClass.Bulky : HandlingClass.Parcel;

    /// <summary>The parcel kind a kind is the class's version of (a parcel kind is its own).</summary>
    public static LoadNodeKind Base(LoadNodeKind kind) => kind switch
    {
        LoadNodeKind.BulkyPickup => LoadNodeKind.Pickup,
        LoadNodeKind.BulkyOriginSort => LoadNodeKind.OriginSort,
        LoadNodeKind.BulkyDestinationSort => LoadNodeKind.DestinationSort,
        _ => kind,
    };

    /// <summary>The class's version of a parcel kind; bulky has no outbound.</summary>
    public static LoadNodeKind Of(LoadNodeKind parcelKind, HandlingClass handling) => (handling, parcelKind) switch
    {
        (HandlingClass.Parcel, _) => parcelKind,
        (HandlingClass.Bulky, LoadNodeKind.Pickup) => LoadNodeKind.BulkyPickup,
        (HandlingClass.Bulky, LoadNodeKind.OriginSort) => LoadNodeKind.BulkyOriginSort,
        (HandlingClass.Bulky, LoadNodeKind.DestinationSort) => LoadNodeKind.BulkyDestinationSort,
        _ => throw new ArgumentOutOfRangeException(nameof(parcelKind), parcelKind, $"no {HandlingClasses.Name(handling)} version"),
    };

    /// <summary>The capacity that limits a node of this kind (a destination hub's is its sorting, though the plan does not bind it).</summary>
    public static CapacityKind Capacity(LoadNodeKind kind) => kind switch
    {
        LoadNodeKind.Outbound => CapacityKind.Outbound,
        LoadNodeKind.Pickup => CapacityKind.Pickup,
        LoadNodeKind.OriginSort or LoadNodeKind.DestinationSort => CapacityKind.Sort,
        LoadNodeKind.BulkyPickup => CapacityKind.BulkyPickup,
        LoadNodeKind.BulkyOriginSort or LoadNodeKind.BulkyDestinationSort => CapacityKind.BulkySort,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a load node kind"),
    };

    public static bool IsOriginSort(this LoadNodeKind kind) => Base(kind) == LoadNodeKind.OriginSort;
    public static bool IsDestinationSort(this LoadNodeKind kind) => Base(kind) == LoadNodeKind.DestinationSort;
    public static bool IsPickup(this LoadNodeKind kind) => Base(kind) == LoadNodeKind.Pickup;
}
