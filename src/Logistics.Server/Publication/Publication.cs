using Logistics.Domain.Handling;
using Logistics.Domain.Alerts;

namespace Logistics.Server.Publication;

/// <summary>One merchant's advice for one warehouse, carrier and hub over [Start, End). A struct: a national run streams seventeen million.</summary>
public readonly record struct PublishedWindow(string Merchant, string Warehouse, string Carrier, string Hub, DateTimeOffset Start, DateTimeOffset End, int MaxParcels,
    HandlingClass Handling = HandlingClass.Parcel);

/// <summary>
/// An alert in force after a run (hysteresis already applied by the domain). <see cref="Key"/> is
/// its identity across runs; <see cref="Merchants"/> are the merchants it concerns, unless it is
/// <see cref="NetworkWide"/> (only rows of earlier versions are). <see cref="State"/> is kept for the
/// next run (the alert engine's hysteresis). <see cref="Shown"/> is the rest of what the API shows.
/// </summary>
public sealed record PublishedAlert(
    string Key, string Level, string? Carrier, string Node, string NodeKind, DateTimeOffset Start, DateTimeOffset End,
    double ForecastP50, double ForecastP90, double CapacityParcels, double Utilization, string Reason, string Advice,
    bool NetworkWide, IReadOnlyList<string> Merchants, string? State = null)
{
    public AlertShown Shown { get; init; } = AlertShown.None;
}

/// <summary>The fields an alert's body carries besides the original ones (kind, local times, action, delay).</summary>
public sealed record AlertShown(string Kind, string TimeZone, DateTimeOffset StartLocal, DateTimeOffset EndLocal, double ReservedParcels,
    AlertAvoid? Avoid, IReadOnlyList<AlertInstead> Instead, int? DelayHours, string? Region)
{
    public static AlertShown None { get; } = new(AlertLevels.Name(AlertKind.Handover), "UTC", default, default, 0, null, [], null, null);
}

/// <summary>The alerts that concern one merchant: positions in <see cref="Publication.AlertsInForce"/> (a position may repeat).</summary>
public sealed record MerchantAudience(string Merchant, IReadOnlyList<int> Alerts);

/// <summary>
/// Everything one planning run publishes for its campaign, in one transaction. Windows are read once,
/// as they are copied (national runs have millions), and must come grouped by merchant: each
/// merchant's windows are stored together. Whom the alerts concern comes from <see cref="Audiences"/>
/// when given (each merchant once; a planning run streams it, since turned around into lists per
/// alert it would be millions of entries), else from each alert's <see cref="PublishedAlert.Merchants"/>.
/// </summary>
public sealed record Publication(string Campaign, long PlanRunId, IEnumerable<PublishedWindow> Windows, IReadOnlyList<PublishedAlert> AlertsInForce)
{
    public IEnumerable<MerchantAudience>? Audiences { get; init; }

    /// <summary>Keys of alerts that leave because their end has passed (an `ended` event, not `cleared`).</summary>
    public IReadOnlySet<string> Ended { get; init; } = new HashSet<string>();

    /// <summary>Keys of cleared alerts merged into a longer one in force, and that one's key: the cleared body names it (`merged_into`).</summary>
    public IReadOnlyDictionary<string, string> Merged { get; init; } = new Dictionary<string, string>();
}

/// <summary>What a publication changed in the feed.</summary>
public sealed record PublishResult(int Created, int Updated, int Cleared, long FeedHead);
