using Logistics.Domain.Alerts;
using Logistics.Domain.Planning;

namespace Logistics.Scenarios.Evaluation;

/// <summary>What one run of a replay produced, for a caller that writes it out (the CLI's --export).</summary>
public sealed record ReplayStep(DateOnly AsOf, DateTimeOffset RunAt, int RunHour, PlanResult Plan, IReadOnlyList<Alert> Alerts,
    IReadOnlyDictionary<NodeId, double[]> FollowingArrivals, Realised Realised);
