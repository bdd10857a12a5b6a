namespace Logistics.Domain.Planning;

/// <summary>
/// The part of a capacity the plan fills freely: what P50 may use so that P90 still fits. A node
/// the plan filled to capacity on P50 would overflow whenever demand reached P90, so the shaved
/// plan would itself raise a blocked alert there and contradict the windows it hands out. The
/// planner therefore prices parcels above <see cref="Safe"/> at <see cref="PlannerSettings.HeadroomCost"/>
/// each: it delays parcels (on time) by up to HeadroomCost / DelayCost hours rather than use that
/// band, and uses it before letting a parcel be late.
/// </summary>
public static class Headroom
{
    /// <summary>P90 ÷ P50 of a forecast, at least 1, in thousandths (so sums in any order agree).</summary>
    public static double Ratio(double p50, double p90) =>
        p50 > 0 && double.IsFinite(p90 / p50) ? Math.Max(1.0, Math.Round(p90 / p50, 3)) : 1.0;

    /// <summary>⌊capacity ÷ ratio⌋ in integers: the load that stays within capacity at P90.</summary>
    public static long Safe(long capacity, double ratio)
    {
        if (capacity <= 0 || ratio <= 1.0) return Math.Max(0, capacity);
        long permille = (long)Math.Round(ratio * 1000);
        return capacity >= long.MaxValue / 1000 ? capacity : capacity * 1000 / permille;
    }
}
