using Logistics.Domain.Capacity;

namespace Logistics.Server.WhatIf;

/// <summary>
/// One contingency in a what-if: the capacity of <see cref="Node"/> (a hub or a warehouse) over
/// [<see cref="From"/>, <see cref="To"/>) becomes <see cref="Parcels"/> an hour, or its current figure
/// times <see cref="Factor"/>. <see cref="Kind"/> (sort, pickup, outbound) is optional: a hub's is sort,
/// a warehouse's every kind there. <see cref="Carrier"/> narrows a warehouse's pickup to one carrier.
/// </summary>
public sealed record CapacityOverride(string Node, string? Kind, DateTimeOffset From, DateTimeOffset To, long? Parcels = null, double? Factor = null, string? Carrier = null);

/// <summary>An override checked against the network: the capacity series it changes and the horizon hours [FromHour, ToHour).</summary>
internal sealed record ResolvedOverride(CapacityOverride Source, IReadOnlyList<(CapacityKind Kind, string? Carrier)> Series, bool IsHub);
