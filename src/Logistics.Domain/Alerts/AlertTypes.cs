using Logistics.Domain.Planning;

namespace Logistics.Domain.Alerts;

/// <summary>
/// How bad a node's hours are. Blocked, warning and watch concern the nodes merchants hand parcels to
/// (outbound, pickup, origin hub); <see cref="Delay"/> is the level of a delay notice (a destination hub).
/// </summary>
public enum AlertLevel
{
    None = 0,
    /// <summary>Ops only: the plan's reservations (at P90) fill the node.</summary>
    Watch = 1,
    /// <summary>Little room is left: at the P90 of demand, parcels shipped as merchants would ship them would be stuck.</summary>
    Warning = 2,
    /// <summary>At the P50 of demand, parcels shipped as merchants would ship them would be stuck (only reserved parcels are taken in time).</summary>
    Blocked = 3,
    /// <summary>A delay notice: parcels that follow their windows still queue at this destination hub.</summary>
    Delay = 4,
}

/// <summary>An alert about a node a merchant hands parcels to, or a delay notice about a route further on.</summary>
public enum AlertKind
{
    Handover = 0,
    Delay = 1,
}

/// <summary>
/// The rules that turn a plan into alerts, per campaign. A node-hour is blocked when a parcel handed over
/// then, beyond the reservations, would wait more than <see cref="BlockedWaitHours"/> for the node's
/// capacity as merchants would ship without the service (P50; P90 for a warning). Watch: the plan's P90
/// load reaches <see cref="Watch"/> of capacity. A delay notice: parcels that follow the plan wait more
/// than <see cref="DelayNoticeHours"/> at their destination hub. Runs of one level are merged, gaps of up
/// to <see cref="BridgeHours"/> bridged. An alert clears only when its hours fall <see cref="ClearMargin"/>
/// (a share of its level's threshold) below it, or after <see cref="ClearAfterRuns"/> runs just below it.
/// </summary>
public sealed record AlertThresholds(
    double BlockedWaitHours = 12,
    double Watch = 0.90,
    double DelayNoticeHours = 6,
    int BridgeHours = 2,
    double ClearMargin = 0.25,
    int ClearAfterRuns = 2)
{
    public static AlertThresholds Default { get; } = new();
}

/// <summary>
/// Somewhere to hand parcels over instead: <see cref="Carrier"/> at <see cref="Node"/> (a warehouse for
/// outbound or pickup, an origin hub reached from <see cref="Warehouse"/> for a hub) over hours
/// [StartHour, EndHour), where the plan leaves <see cref="RoomParcels"/> parcels of room (P90).
/// </summary>
public sealed record AlertOption(string? Carrier, string Node, string? Warehouse, int StartHour, int EndHour, long RoomParcels);

/// <summary>
/// An alert in force: one node, one merged hour range [StartHour, EndHour) of one level. Numbers are
/// sums over the range: the forecast as merchants would ship without the service (P50, P90), what the
/// windows reserve there (the plan's P50), and the capacity; utilisation is forecast P50 ÷ capacity
/// (null when the node is closed). <see cref="Instead"/> lists where the plan has room; a delay notice
/// carries the parcels' expected extra hours and the region they are bound for.
/// <see cref="RunsBelow"/> is hysteresis state: consecutive runs this alert has been just below its level.
/// </summary>
public sealed record Alert(
    string Id,
    int Version,
    AlertLevel Level,
    LoadNodeKind NodeKind,
    string Node,
    string? Carrier,
    int StartHour,
    int EndHour,
    long ForecastP50,
    long ForecastP90,
    long CapacityParcels,
    double? Utilization,
    long ReservedParcels = 0,
    IReadOnlyList<AlertOption>? Instead = null,
    int? DelayHours = null,
    string? Region = null,
    int RunsBelow = 0)
{
    public AlertKind Kind => Level == AlertLevel.Delay ? AlertKind.Delay : AlertKind.Handover;

    /// <summary>Watch is for ops; every other level is shown to the merchants it concerns.</summary>
    public bool ForMerchants => Level != AlertLevel.Watch;

    public IReadOnlyList<AlertOption> Options => Instead ?? [];

    /// <summary>True when a merchant would see a difference (level, range, published numbers, advice).</summary>
    public bool PublishedDiffers(Alert other) =>
        Level != other.Level || StartHour != other.StartHour || EndHour != other.EndHour
        || ForecastP50 != other.ForecastP50 || ForecastP90 != other.ForecastP90 || ReservedParcels != other.ReservedParcels
        || CapacityParcels != other.CapacityParcels || Utilization != other.Utilization
        || DelayHours != other.DelayHours || Region != other.Region || !Options.SequenceEqual(other.Options);
}

/// <summary>Cleared: the plan no longer sees it. Ended: its last hour has passed.</summary>
public enum AlertEventKind { Created, Updated, Cleared, Ended }

/// <summary>
/// A change to publish. Each event has its own version: created = 1, then +1 per update, clearing or end.
/// A cleared alert whose hours still ahead are all covered by alerts in force on its node, at its level or
/// above, was merged into a longer one rather than withdrawn: <see cref="MergedInto"/> names the one that
/// covers most of them.
/// </summary>
public sealed record AlertEvent(AlertEventKind Kind, Alert Alert, string? MergedInto = null)
{
    /// <summary>A clearing that withdraws advice: the merchant was told of hours no alert now covers.</summary>
    public bool Withdraws => Kind == AlertEventKind.Cleared && MergedInto is null;
}

/// <summary>The alerts now in force (sorted by node, then start) and the changes since the previous run.</summary>
public sealed record AlertRunResult(IReadOnlyList<Alert> InForce, IReadOnlyList<AlertEvent> Events);
