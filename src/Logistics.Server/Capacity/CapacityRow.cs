namespace Logistics.Server.Capacity;

/// <summary>One checked line of a capacity file: a bucket of <see cref="Hours"/> hours from <see cref="Start"/> (UTC, on the hour).</summary>
internal readonly record struct CapacityRow(long Line, string Node, string Kind, DateTimeOffset Start, string StartText, int Hours, int Parcels)
{
    public static readonly string[] Columns = ["node", "kind", "start", "hours", "parcels"];
    /// <summary>The kinds, indexed as staged (<see cref="StagedLine.Kind"/>): new kinds go at the end.</summary>
    public static readonly string[] Kinds = ["sort", "pickup", "outbound", "bulky_sort", "bulky_pickup"];

    /// <summary>Kinds given for a hub (the rest are a warehouse's).</summary>
    public static bool ForHub(byte kind) => kind is Sort or BulkySort;

    public const byte Sort = 0, Pickup = 1, Outbound = 2, BulkySort = 3, BulkyPickup = 4;

    /// <summary>The planner's kind of a staged index.</summary>
    public static Domain.Capacity.CapacityKind Of(byte kind) => kind switch
    {
        Sort => Domain.Capacity.CapacityKind.Sort,
        Pickup => Domain.Capacity.CapacityKind.Pickup,
        Outbound => Domain.Capacity.CapacityKind.Outbound,
        BulkySort => Domain.Capacity.CapacityKind.BulkySort,
        BulkyPickup => Domain.Capacity.CapacityKind.BulkyPickup,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a capacity kind"),
    };

    /// <summary>A kind's spelling.</summary>
    public static string Name(Domain.Capacity.CapacityKind kind)
    {
        for (byte i = 0; i < Kinds.Length; i++)
            if (Of(i) == kind) return Kinds[i];
        throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a capacity kind");
    }

    /// <summary>A kind from its spelling; null for anything else.</summary>
    public static Domain.Capacity.CapacityKind? Parse(string name) => Array.IndexOf(Kinds, name) is >= 0 and var i ? Of((byte)i) : null;
}
