namespace Logistics.Server.Loads;

/// <summary>
/// One hour of a node: the forecast as merchants would ship without the service (P50, P90), the
/// published plan's load (P50, and at P90 if merchants follow their windows), the capacity (null:
/// unknown or not limited) and the expected extra delay in hours for a parcel handed over then (null:
/// the backlog does not clear within the horizon and two more).
/// </summary>
public sealed record NodeHourView(DateTimeOffset Start, long ForecastP50, long ForecastP90, long Planned, long PlannedP90, long? Capacity, double? DelayHours);

/// <summary>One local day of a node: sums over its hours (capacity: of the hours that have one) and the day's largest delay.</summary>
public sealed record NodeDayView(DateOnly Date, long ForecastP50, long ForecastP90, long Planned, long? Capacity, double? MaxDelayHours);

/// <summary>A node of the published run, per local day and per hour.</summary>
public sealed record NodeStatusView(string Node, string NodeKind, string? Carrier, IReadOnlyList<NodeDayView> Days, IReadOnlyList<NodeHourView> Hours);
