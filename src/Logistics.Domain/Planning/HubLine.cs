using Logistics.Domain.Handling;

namespace Logistics.Domain.Planning;

/// <summary>A hub's sorting for one handling class: its parcel sorter, or its bulky line. One graph node per hour each.</summary>
internal readonly record struct HubLine(string Hub, HandlingClass Handling)
{
    /// <summary>By hub (ordinal), then class.</summary>
    public static IComparer<HubLine> Order { get; } = Comparer<HubLine>.Create(static (a, b) =>
    {
        var c = string.CompareOrdinal(a.Hub, b.Hub);
        return c != 0 ? c : a.Handling.CompareTo(b.Handling);
    });
}
