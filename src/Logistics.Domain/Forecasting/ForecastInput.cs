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
/// <see cref="Recent"/>, when given, is what units shipped in the days up to <see cref="AsOf"/>: a
/// history-only unit is then forecast from its recent level × last campaign's lift (past campaigns'
/// outcomes then also need the same days before their horizon, see <see cref="SignalModelOptions.LevelDays"/>).
/// Records, for inputs built in memory (tests, backtests, scenarios); <see cref="ToColumns"/> is what
/// the forecast reads.
/// </summary>
public sealed record ForecastInput(
    Campaign Campaign,
    DateOnly AsOf,
    IReadOnlyList<SignalRow> Signals,
    IReadOnlyList<PastCampaign> Past,
    NetworkModel? Network = null,
    IReadOnlyList<OutcomeRow>? Recent = null)
{
    /// <summary>The same input as columns, rows in the same order.</summary>
    public ForecastColumns ToColumns() => new(Campaign, AsOf, SignalColumns.From(Signals),
        [.. Past.Select(p => new PastColumns(p.Campaign, SignalColumns.From(p.Signals), OutcomeColumns.From(p.Outcomes)))], Network,
        Recent is null ? null : OutcomeColumns.From(Recent));
}

/// <summary>A finished campaign's signals and outcomes as columns.</summary>
public sealed record PastColumns(Campaign Campaign, SignalColumns Signals, OutcomeColumns Outcomes);

/// <summary>
/// <see cref="ForecastInput"/> as columns (what a planning run reads from the database). The
/// forecast depends on the rows and their order, not on how codes are numbered: tables may share
/// code tables or each have their own.
/// </summary>
public sealed record ForecastColumns(
    Campaign Campaign,
    DateOnly AsOf,
    SignalColumns Signals,
    IReadOnlyList<PastColumns> Past,
    NetworkModel? Network = null,
    OutcomeColumns? Recent = null);
