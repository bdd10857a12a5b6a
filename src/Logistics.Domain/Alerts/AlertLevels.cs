using Logistics.Domain.Planning;

namespace Logistics.Domain.Alerts;

/// <summary>
/// The one place alert levels and node kinds get their JSON and SQL spellings. SQL in static strings
/// names a level by its constant (<c>level &lt;&gt; '{AlertLevels.Watch}'</c>).
/// </summary>
public static class AlertLevels
{
    public const string Blocked = "blocked";
    public const string Warning = "warning";
    public const string Watch = "watch";
    public const string Delay = "delay";
    /// <summary>The receiving hubs' node kinds, which SQL names (region status).</summary>
    public const string DestinationHub = "destination_hub", BulkyDestinationHub = "bulky_destination_hub";

    /// <summary>Every level an alert can have, most severe handover level first, then the delay notice.</summary>
    public static IReadOnlyList<AlertLevel> Published { get; } = [AlertLevel.Blocked, AlertLevel.Warning, AlertLevel.Watch, AlertLevel.Delay];

    public static string Name(AlertLevel level) => level switch
    {
        AlertLevel.Blocked => Blocked,
        AlertLevel.Warning => Warning,
        AlertLevel.Watch => Watch,
        AlertLevel.Delay => Delay,
        _ => "none",
    };

    // Parse is Name read backwards, so the two cannot disagree.
    private static readonly Dictionary<string, AlertLevel> ByName = Published.ToDictionary(Name, StringComparer.Ordinal);

    /// <summary>A published level from its spelling (alerts.level holds no other).</summary>
    /// <exception cref="FormatException">not a published level's spelling.</exception>
    public static AlertLevel Parse(string name) =>
        ByName.TryGetValue(name, out var level) ? level : throw new FormatException($"no alert level '{name}'");

    public static string Name(AlertKind kind) => kind == AlertKind.Delay ? Delay : "handover";

    public static string Name(LoadNodeKind kind) => kind switch
    {
        LoadNodeKind.Outbound => "outbound",
        LoadNodeKind.Pickup => "pickup",
        LoadNodeKind.OriginSort => "origin_hub",
        LoadNodeKind.DestinationSort => DestinationHub,
        LoadNodeKind.BulkyPickup => "bulky_pickup",
        LoadNodeKind.BulkyOriginSort => "bulky_origin_hub",
        LoadNodeKind.BulkyDestinationSort => BulkyDestinationHub,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a load node kind"),
    };
}
