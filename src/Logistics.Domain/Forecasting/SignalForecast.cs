namespace Logistics.Domain.Forecasting;

/// <summary>Daily forecast of one merchant at one warehouse towards one region (local campaign date).</summary>
public sealed record UnitDayForecast(string Merchant, string Warehouse, string Region, DateOnly Date, double P50, double P90, double SignalP50);

/// <summary>A fitted coefficient: parcels per unit of <see cref="Signal"/> in <see cref="Category"/> ("*" = all categories; signal "history" = per parcel of the previous campaign).</summary>
public sealed record SignalCoefficient(string Category, string Signal, double Value);

/// <summary>
/// The forecast: hourly handovers for the planner, the daily unit forecast they were split from,
/// and the fitted coefficients (for reports and tests). <see cref="Pairs"/> is produced lazily from
/// <see cref="Days"/>, one merchant-warehouse at a time in a reused buffer (same rows in the same
/// order on every enumeration); <see cref="Handovers"/> is the same rows as objects. Aggregate them
/// as you read them: at national scale they are hundreds of millions of rows.
/// </summary>
public sealed record SignalForecast(
    IEnumerable<HandoverPair> Pairs,
    IReadOnlyList<UnitDayForecast> Days,
    IReadOnlyList<SignalCoefficient> Coefficients)
{
    public IEnumerable<HandoverForecast> Handovers => HandoverPair.Rows(Pairs);
}
