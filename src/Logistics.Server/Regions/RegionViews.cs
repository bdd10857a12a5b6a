using Logistics.Server.Loads;
using Logistics.Server.Publication;

namespace Logistics.Server.Regions;

/// <summary>A hub in a region: where parcels bound for the region are received and sorted.</summary>
public sealed record RegionHubView(string Code, string Name, string Carrier);

public sealed record RegionView(string Code, string Name, IReadOnlyList<RegionHubView> Hubs);

public sealed record RegionList(IReadOnlyList<RegionView> Regions);

/// <summary>
/// A region's status from the campaign's published run: each carrier's receiving hub in the region
/// (which every parcel of that carrier bound for the region passes) per local day and hour, the lanes
/// into those hubs from each origin hub, and the delay notices in force on the hubs.
/// </summary>
public sealed record RegionStatus(string Region, string Name, string Campaign, long? PlanRun, DateTimeOffset? Published, string TimeZone,
    IReadOnlyList<NodeStatusView> Hubs, IReadOnlyList<AlertBody> Alerts, IReadOnlyList<LaneStatusView> Lanes);
