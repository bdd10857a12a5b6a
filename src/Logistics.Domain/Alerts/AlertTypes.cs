using Logistics.Domain.Planning;

namespace Logistics.Domain.Alerts;

public enum AlertLevel
{
    None = 0,
    Watch = 1,
    Warning = 2,
    /// <summary>P90 load above capacity even after shaving, or load on a closed (zero) capacity.</summary>
    Blocked = 3,
}

/// <summary>
/// Utilisation thresholds (fractions) per campaign. An alert clears only when its node's peak
/// utilisation over the alert's range falls <see cref="ClearMargin"/> below the alert level's
/// threshold, or after <see cref="ClearAfterRuns"/> consecutive runs below it.
/// </summary>
public sealed record AlertThresholds(double Watch = 0.75, double Warning = 0.90, double ClearMargin = 0.10, int ClearAfterRuns = 2)
{
    public static AlertThresholds Default { get; } = new();

    /// <summary>The utilisation at which <paramref name="level"/> starts (blocked: strictly above 100%).</summary>
    public double ThresholdOf(AlertLevel level) => level switch
    {
        AlertLevel.Watch => Watch,
        AlertLevel.Warning => Warning,
        AlertLevel.Blocked => 1.0,
        _ => 0,
    };

    public AlertLevel LevelOf(double utilisation) =>
        utilisation > 1.0 ? AlertLevel.Blocked
        : utilisation >= Warning ? AlertLevel.Warning
        : utilisation >= Watch ? AlertLevel.Watch
        : AlertLevel.None;
}

/// <summary>
/// What to do instead: the next hour range [NextStartHour, NextEndHour) after the alert where the node
/// has room (RoomParcels = capacity minus planned P90 load there, null when capacity is unknown), and/or
/// another hub of the same carrier with room throughout the alert's range.
/// </summary>
public sealed record AlertAdvice(int? NextStartHour, int? NextEndHour, long? RoomParcels, string? AlternativeHub, string Text);

/// <summary>
/// An alert in force: one node, one maximal hour range [StartHour, EndHour) of one level. Numbers are
/// as published: sums over the range of the planned P50 and P90 load and of the capacity (rounded to
/// parcels), and the peak hourly utilisation rounded to 0.01 (null when the capacity is zero: closed).
/// <see cref="RunsBelow"/> is hysteresis state: consecutive runs this alert has been below its level.
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
    string Reason,
    AlertAdvice Advice,
    int RunsBelow = 0)
{
    /// <summary>True when a merchant would see a difference (level, range, published numbers).</summary>
    public bool PublishedDiffers(Alert other) =>
        Level != other.Level || StartHour != other.StartHour || EndHour != other.EndHour
        || ForecastP50 != other.ForecastP50 || ForecastP90 != other.ForecastP90
        || CapacityParcels != other.CapacityParcels || Utilization != other.Utilization;
}

public enum AlertEventKind { Created, Updated, Cleared }

/// <summary>A change to publish. Each event has its own version: created = 1, then +1 per update or clearing.</summary>
public sealed record AlertEvent(AlertEventKind Kind, Alert Alert);

/// <summary>The alerts now in force (sorted by node, then start) and the changes since the previous run.</summary>
public sealed record AlertRunResult(IReadOnlyList<Alert> InForce, IReadOnlyList<AlertEvent> Events);
