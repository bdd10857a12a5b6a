using System.Text.Json;
using System.Text.Json.Serialization;

namespace Logistics.Server.Publication;

/// <summary>
/// An alert exactly as the API shows it (CONTRACTS.md), stored per version. Utilization is null when
/// the node has no capacity at all (closed): load over zero is not a number.
/// </summary>
public sealed record AlertBody(
    long Id, string Level, string? Carrier, string Node, string NodeKind, DateTimeOffset Start, DateTimeOffset End,
    ForecastParcels ForecastParcels, double CapacityParcels, double? Utilization, string Reason, string Advice,
    DateTimeOffset FirstPublished, int Version, long PlanRun, string Campaign)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    /// <summary>Whether a merchant would see a difference, ignoring the bookkeeping of versions and runs.</summary>
    public bool SameAdviceAs(AlertBody other) =>
        this with { Version = 0, PlanRun = 0, FirstPublished = default } == other with { Version = 0, PlanRun = 0, FirstPublished = default };
}

public sealed record ForecastParcels(double P50, double P90);
