namespace Logistics.Domain.Backtesting;

/// <summary>
/// One line of the backtest series format (<c>series,date,parcels</c> plus optional signal columns).
/// A null signal is unknown (empty cell or absent column), which is not the same as zero.
/// </summary>
public sealed record SeriesRow(
    string Series,
    DateOnly Date,
    long Parcels,
    long? Carts = null,
    long? Favorites = null,
    long? Deposits = null,
    long? PresaleOrders = null)
{
    public bool HasSignals => Carts is not null || Favorites is not null || Deposits is not null || PresaleOrders is not null;
}
