namespace Logistics.Domain.Backtesting;

/// <summary>
/// A backtest: fit on every row dated on or before <see cref="Cutoff"/>, forecast
/// <see cref="From"/>..<see cref="To"/> (inclusive) and score against the rows in that range.
/// </summary>
public sealed record BacktestRequest(
    IReadOnlyList<SeriesRow> Rows,
    IReadOnlyList<DateOnly> CampaignDays,
    DateOnly Cutoff,
    DateOnly From,
    DateOnly To);
