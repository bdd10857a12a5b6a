namespace Logistics.Server.Windows;

/// <summary>A page of windows; with `more`, pass `cursor` as `after` for the next (the feed's shape).</summary>
public sealed record ShipmentWindowsPage(string Campaign, long? PlanRun, DateTimeOffset? Published, IReadOnlyList<ShipmentWindowView> Windows, string? Cursor = null, bool More = false);
