namespace Logistics.Domain.Capacity;

public enum CapacityKind
{
    /// <summary>A carrier hub's sorting throughput (node = hub code).</summary>
    Sort,
    /// <summary>A carrier's pickup at a warehouse (node = warehouse code, carrier = the uploader).</summary>
    Pickup,
    /// <summary>A warehouse's outbound handover capacity (node = warehouse code, no carrier).</summary>
    Outbound,
    /// <summary>A hub's bulky line (node = hub code): a hub has one exactly when its carrier gives this capacity.</summary>
    BulkySort,
    /// <summary>A carrier's truck slots for bulky parcels at a warehouse (node = warehouse code, carrier = the uploader).</summary>
    BulkyPickup,
}

/// <summary>Effective capacity of one node for one UTC hour (parcels per hour).</summary>
public sealed record HourlyCapacity(string Node, CapacityKind Kind, string? Carrier, DateTimeOffset HourUtc, long Parcels);
