namespace Logistics.Scenarios;

/// <summary>
/// How one merchant-warehouse hands parcels over; stable across campaigns so it can be learnt. An
/// appliance seller's bulky goods take longer (<see cref="BulkyLagShares"/>; null for everyone else).
/// </summary>
internal sealed record HandoverHabit(int Warehouse, int[] Carriers, double[] CarrierShares, double[] LagShares, double[] HourShares,
    double[]? BulkyLagShares = null);
