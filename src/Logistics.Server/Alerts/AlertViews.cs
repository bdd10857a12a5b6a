using Logistics.Server.Publication;

namespace Logistics.Server.Alerts;

/// <summary>One entry of the feed: what happened to which alert, and the cursor to resume after it.</summary>
public sealed record AlertEventView(string Cursor, string Kind, int Version, DateTimeOffset Published, AlertBody Alert);

/// <summary>A page of the feed; <see cref="Cursor"/> is where the next poll starts (pass it as `after`).</summary>
public sealed record AlertFeedPage(IReadOnlyList<AlertEventView> Events, string Cursor, bool More);

/// <summary>A page of the alerts in force; with `more`, pass `cursor` as `after` for the next (the feed's shape).</summary>
public sealed record AlertList(IReadOnlyList<AlertBody> Alerts, string? Cursor = null, bool More = false);

public sealed record PlanRunStage(string Name, double Seconds);

public sealed record PlanRunView(long Id, string Campaign, string Status, DateTimeOffset Started, DateTimeOffset? Finished, IReadOnlyList<PlanRunStage> Stages, IReadOnlyDictionary<string, long> Counts, string? Error);
