namespace Logistics.Server.Capacity;

/// <summary>One checked line of a capacity file: a bucket of <see cref="Hours"/> hours from <see cref="Start"/> (UTC, on the hour).</summary>
internal readonly record struct CapacityRow(long Line, string Node, string Kind, DateTimeOffset Start, string StartText, int Hours, int Parcels)
{
    public static readonly string[] Columns = ["node", "kind", "start", "hours", "parcels"];
    public static readonly string[] Kinds = ["sort", "pickup", "outbound"];
}
