using Logistics.Server.Loads;
using Logistics.Server.Publication;

namespace Logistics.Server.Carriers;

/// <summary>
/// What is coming at a carrier, from the campaign's published run: its pickups at warehouses, its
/// origin hubs and its receiving hubs, per local day and hour over [from, to), and the alerts in force
/// on them (blocked, warning and delay notices; watch stays with ops).
/// </summary>
public sealed record CarrierLoad(string Carrier, string Campaign, long? PlanRun, DateTimeOffset? Published, string TimeZone,
    DateTimeOffset From, DateTimeOffset To, IReadOnlyList<NodeStatusView> Nodes, IReadOnlyList<AlertBody> Alerts);
