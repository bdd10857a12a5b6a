using System.Text.Json;
using System.Text.Json.Serialization;

namespace Logistics.Server.Publication;

/// <summary>
/// An alert exactly as the API shows it (README, "Alerts"), stored per version. Utilization is null when
/// the node has no capacity at all (closed): load over zero is not a number. `kind` is `handover` (a
/// node the merchant hands parcels to) or `delay` (a notice about a route further on); `start_local` and
/// `end_local` are `start` and `end` in the campaign's time zone; `avoid` and `instead` are the action,
/// and `reason` and `advice` are rendered from the same fields. `merged_into` is set only on a cleared
/// version: the id of the alert in force that now covers its hours (its advice stands there).
/// </summary>
public sealed record AlertBody(
    long Id, string Level, string? Carrier, string Node, string NodeKind, DateTimeOffset Start, DateTimeOffset End,
    ForecastParcels ForecastParcels, double CapacityParcels, double? Utilization, string Reason, string Advice,
    DateTimeOffset FirstPublished, int Version, long PlanRun, string Campaign,
    string Kind, string TimeZone, DateTimeOffset StartLocal, DateTimeOffset EndLocal, double ReservedParcels,
    AlertAvoid? Avoid, IReadOnlyList<AlertInstead> Instead, int? DelayHours, string? Region, long? MergedInto = null)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    /// <summary>Whether a merchant would see a difference, ignoring the bookkeeping of versions and runs.</summary>
    public bool SameAdviceAs(AlertBody other) =>
        this with { Version = 0, PlanRun = 0, FirstPublished = default, Instead = [] } == other with { Version = 0, PlanRun = 0, FirstPublished = default, Instead = [] }
        && (Instead ?? []).SequenceEqual(other.Instead ?? []);
}

public sealed record ForecastParcels(double P50, double P90);

/// <summary>What not to send beyond the windows' reservation: this carrier's node over [from, to), in the campaign's time zone.</summary>
public sealed record AlertAvoid(string? Carrier, string Node, DateTimeOffset From, DateTimeOffset To);

/// <summary>Where the plan has room instead: the carrier at the node (via the warehouse, for another lane) over [from, to).</summary>
public sealed record AlertInstead(string? Carrier, string Node, string? Warehouse, DateTimeOffset From, DateTimeOffset To, long RoomParcels);
