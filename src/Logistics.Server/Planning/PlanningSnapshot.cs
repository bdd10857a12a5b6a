using Logistics.Domain.Alerts;
using Logistics.Domain.Campaigns;
using Logistics.Domain.Forecasting;
using Logistics.Domain.Network;
using Logistics.Domain.Planning;

namespace Logistics.Server.Planning;

/// <summary>
/// Everything one planning run reads, taken from one consistent (REPEATABLE READ) view of the
/// database. The demand (signals, past outcomes), by far the largest part, is held apart as
/// columns, so a run can let it go once the forecast has read it.
/// </summary>
internal sealed record PlanningSnapshot(
    long CampaignId,
    Campaign Campaign,
    DateOnly AsOf,
    NetworkModel Network,
    IReadOnlyList<CapacitySeries> Capacities,
    IReadOnlyList<Alert> PreviousAlerts,
    string InputHash);

/// <summary>A snapshot and its demand, read together.</summary>
internal sealed record SnapshotWithDemand(PlanningSnapshot Snapshot, ForecastColumns Demand);
