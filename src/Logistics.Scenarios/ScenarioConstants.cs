namespace Logistics.Scenarios;

/// <summary>
/// The generator's shapes. "Data:" constants are derived from ../shared/data by
/// <c>ScenarioCalibrationTests</c> (which recomputes them and fails if they drift); "Assumed:"
/// constants have no public source and are plausible operating figures.
/// </summary>
public static class ScenarioConstants
{
    /// <summary>
    /// Data: category_daily_sales_peak.csv, all categories summed per day, 2022-11-01..14, each day
    /// divided by its weekday factor and by the median of the same over 2022-10-01..31.
    /// 11.01 ≈ 3.25, 11.11 ≈ 3.90 (raw, with the weekday left in, 11.11 ≈ 3.72× the October median).
    /// Index 0 = Nov 1.
    /// </summary>
    public static readonly double[] HorizonLift =
        [3.25, 2.09, 2.10, 1.94, 1.69, 1.57, 1.28, 1.68, 1.43, 1.74, 3.90, 2.84, 1.92, 1.48];

    /// <summary>
    /// Data: category_daily_sales_offpeak.csv, 2022 (Jul..Sep), all categories summed per day; median per
    /// weekday over the mean of those medians. Monday first.
    /// </summary>
    public static readonly double[] WeekdayFactorMondayFirst = [1.029, 1.037, 1.047, 1.066, 0.955, 0.927, 0.938];

    /// <summary>Data: taobao_user_behavior_sample.csv, share of (user, item) pairs with a cart that bought it later.</summary>
    public const double CartToBuy = 0.064;

    /// <summary>Data: same sample, share of (user, item) pairs with a favourite that bought it later.</summary>
    public const double FavoriteToBuy = 0.044;

    /// <summary>Data: same sample, carts per page view (4,497 / 75,872).</summary>
    public const double PageViewToCart = 0.059;

    /// <summary>Assumed: a paid deposit usually becomes an order (final payment is made on the sale day).</summary>
    public const double DepositToBuy = 0.90;

    /// <summary>Assumed: a fully paid pre-sale order ships, minus a few refunds.</summary>
    public const double PresaleToBuy = 0.97;

    /// <summary>Assumed: pre-sale runs Oct 20..Oct 31 (12 days before 11.01).</summary>
    public const int PresaleDays = 12;

    /// <summary>Assumed: share of a campaign's signals arriving on each pre-sale day (opening spike, final rush).</summary>
    public static readonly double[] PresaleRamp =
        [0.16, 0.09, 0.07, 0.06, 0.06, 0.06, 0.06, 0.07, 0.07, 0.08, 0.09, 0.13];

    /// <summary>Data: taobao_user_behavior_sample.csv, share of buys placed before 12:00 Asia/Shanghai.</summary>
    public const double BuysBeforeNoon = 0.279;

    /// <summary>Assumed: share of orders placed before the noon cut-off that leave the same day.</summary>
    public const double SameDayFulfilment = 0.55;

    /// <summary>
    /// Days from order to carrier handover. Same day ≈ BuysBeforeNoon × SameDayFulfilment (0.153);
    /// the rest is assumed: most go the next day, a tail two or three days later.
    /// </summary>
    public static readonly double[] HandoverLagDays = [0.15, 0.55, 0.20, 0.10];

    /// <summary>
    /// Assumed: an appliance is packed and booked onto a truck slot, so it reaches the carrier later
    /// than a parcel (half a day on average, a tail of four days).
    /// </summary>
    public static readonly double[] BulkyHandoverLagDays = [0.10, 0.40, 0.25, 0.15, 0.10];

    /// <summary>Assumed: appliances sell on the sale days far more than on ordinary days (their sale-driven orders ×2).</summary>
    public const double ApplianceSaleBoost = 2.0;

    /// <summary>
    /// Data: warehouse_capacity.csv, log-normal σ of warehouse size from the outbound-capacity
    /// quartiles, ln(Q3 / Q1) / 1.349 = ln(36,932 / 9,674) / 1.349 ≈ 0.99.
    /// </summary>
    public const double WarehouseSizeSigma = 0.99;

    /// <summary>Assumed: local hour of handover at the warehouse dock (most in the afternoon; none at night).</summary>
    public static readonly double[] HandoverHour =
    [
        0, 0, 0, 0, 0, 0, 0, 0,
        0.02, 0.04, 0.06, 0.07, 0.07, 0.09, 0.11, 0.12, 0.12, 0.10, 0.08, 0.06, 0.04, 0.02,
        0, 0,
    ];

    /// <summary>Weekday factor for a date (DayOfWeek is Sunday-first).</summary>
    public static double Weekday(DateOnly date) => WeekdayFactorMondayFirst[((int)date.DayOfWeek + 6) % 7];
}
