using Logistics.Domain.Planning;

namespace Logistics.Domain.Alerts;

/// <summary>The one place alert levels and node kinds get their JSON and SQL spellings.</summary>
public static class AlertLevels
{
    /// <summary>Every level an alert can have, most severe handover level first, then the delay notice.</summary>
    public static IReadOnlyList<AlertLevel> Published { get; } = [AlertLevel.Blocked, AlertLevel.Warning, AlertLevel.Watch, AlertLevel.Delay];

    public static string Name(AlertLevel level) => level switch
    {
        AlertLevel.Blocked => "blocked",
        AlertLevel.Warning => "warning",
        AlertLevel.Watch => "watch",
        AlertLevel.Delay => "delay",
        _ => "none",
    };

    public static string Name(AlertKind kind) => kind == AlertKind.Delay ? "delay" : "handover";

    public static string Name(LoadNodeKind kind) => kind switch
    {
        LoadNodeKind.Outbound => "outbound",
        LoadNodeKind.Pickup => "pickup",
        LoadNodeKind.OriginSort => "origin_hub",
        LoadNodeKind.DestinationSort => "destination_hub",
        _ => kind.ToString(),
    };
}
