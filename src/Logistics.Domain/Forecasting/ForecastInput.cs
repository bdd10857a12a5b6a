using Logistics.Domain.Campaigns;
using Logistics.Domain.Demand;
using Logistics.Domain.Network;

namespace Logistics.Domain.Forecasting;

/// <summary>A finished campaign: its pre-sale signals and what really shipped (the model's training data).</summary>
public sealed record PastCampaign(Campaign Campaign, IReadOnlyList<SignalRow> Signals, IReadOnlyList<OutcomeRow> Outcomes);

/// <summary>
/// Everything the forecast reads for one campaign: its signals known as of <see cref="AsOf"/> (rows
/// dated later are ignored), past campaigns (any order; the most recent supplies the signal curve),
/// and optionally the network (carriers with lanes at a warehouse, when no past outcome says which
/// carrier a warehouse uses). An empty <see cref="Signals"/> list is the history-only forecast.
/// </summary>
public sealed record ForecastInput(
    Campaign Campaign,
    DateOnly AsOf,
    IReadOnlyList<SignalRow> Signals,
    IReadOnlyList<PastCampaign> Past,
    NetworkModel? Network = null);
