namespace Logistics.Server.Loads;

/// <summary>
/// A lane's hours as arrays, one element an hour from <see cref="Start"/>, over the hours its parcels
/// reach the receiving hub (a lane carries for days of a horizon of weeks, and a region has hundreds
/// of lanes nationally: objects per hour would make the status tens of megabytes).
/// </summary>
public sealed record LaneHoursView(DateTimeOffset Start, IReadOnlyList<long> ForecastP50, IReadOnlyList<long> ForecastP90, IReadOnlyList<long> Planned, IReadOnlyList<double?> DelayHours);

/// <summary>One local day of a lane: sums over its hours, and the largest delay of its parcels at the receiving hub.</summary>
public sealed record LaneDayView(DateOnly Date, long ForecastP50, long ForecastP90, long Planned, double? MaxDelayHours);

/// <summary>
/// A carrier's line-haul from its origin hub to its receiving hub in the region, by the hour its
/// parcels reach the receiving hub. No capacity: the network limits hubs, not line-hauls, so a
/// lane's extra delay is its receiving hub's queue in that hour. <see cref="Handling"/>: a lane's
/// bulky goods are a line-haul of their own, waiting in the receiving hub's bulky line.
/// </summary>
public sealed record LaneStatusView(string Origin, string Destination, string Carrier, IReadOnlyList<LaneDayView> Days, LaneHoursView Hourly,
    string Handling);
