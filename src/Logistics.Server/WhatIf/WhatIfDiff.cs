using System.Text.Json.Serialization;
using Logistics.Server.Planning;

namespace Logistics.Server.WhatIf;

/// <summary>An alert as the diff shows it: its key across runs, level, node and range (local times), and a notice's region and delay.</summary>
public sealed record DiffAlert(string Key, string Level, string NodeKind, string Node, string? Carrier, DateTimeOffset Start, DateTimeOffset End,
    long ForecastP50, long CapacityParcels, int? DelayHours, string? Region);

/// <summary>An alert in both runs whose published fields differ.</summary>
public sealed record ChangedAlert(DiffAlert Before, DiffAlert After);

/// <summary>A before/after pair of a run's figure; <see cref="Before"/> is null when the published run did not record it.</summary>
public sealed record Change(long? Before, long After);

/// <summary>
/// Parcels: <see cref="Moved"/> is how many of the published plan's carrier pickups (per warehouse,
/// carrier and hour) the what-if would hand over at another hour or carrier; delayed and late are
/// the runs' own counts (held past their release; past ship_within_hours or not planned at all).
/// </summary>
public sealed record ParcelChanges(long Moved, Change Delayed, Change Late);

/// <summary>A local day on which a region's largest expected delay (over its receiving hubs) grows; null: does not clear.</summary>
public sealed record RegionDayDelay(DateOnly Date, double? Before, double? After);

public sealed record RegionDelayGrowth(string Region, IReadOnlyList<RegionDayDelay> Days);

/// <summary>Whom it concerns: merchants the added, removed or changed alerts concern (the first 1,000 by code, and how many).</summary>
public sealed record AffectedMerchants(int Count, IReadOnlyList<string> Merchants);

/// <summary>What a what-if would change against the run published when it started.</summary>
public sealed record WhatIfDiff(long? BaseRun, IReadOnlyList<DiffAlert> AlertsAdded, IReadOnlyList<DiffAlert> AlertsRemoved, IReadOnlyList<ChangedAlert> AlertsChanged,
    AffectedMerchants MerchantsAffected, ParcelChanges Parcels, IReadOnlyList<RegionDelayGrowth> RegionsDelayGrowing);

/// <summary>A what-if run as the API shows it.</summary>
public sealed record WhatIfView(long Id, string Campaign, string Status, IReadOnlyList<CapacityOverride> CapacityOverrides, DateTimeOffset Created,
    DateTimeOffset? Started, DateTimeOffset? Finished, string? JobId, WhatIfDiff? Diff, string? Error, IReadOnlyList<Guid> PublishedUploads)
{
    /// <summary><see cref="Status"/> as its type: the record is the API's body and keeps the spelling it writes; code branches on this.</summary>
    [JsonIgnore] public RunStatus State => RunStatuses.Parse(Status);
}

/// <summary>The answer to a queued what-if: where to follow it.</summary>
public sealed record WhatIfQueued(long Id, string Campaign, string Status, string JobId);
