using Logistics.Domain.Alerts;
using Logistics.Domain.Campaigns;
using Logistics.Domain.Demand;
using Logistics.Domain.Forecasting;
using Logistics.Domain.Network;
using Logistics.Domain.Planning;

namespace Logistics.Server.Planning;

/// <summary>Everything one planning run reads, taken from one consistent (REPEATABLE READ) view of the database.</summary>
internal sealed record PlanningSnapshot(
    long CampaignId,
    Campaign Campaign,
    DateOnly AsOf,
    NetworkModel Network,
    IReadOnlyList<CapacitySeries> Capacities,
    IReadOnlyList<SignalRow> Signals,
    IReadOnlyList<PastCampaign> Past,
    IReadOnlyList<Alert> PreviousAlerts,
    string InputHash);
