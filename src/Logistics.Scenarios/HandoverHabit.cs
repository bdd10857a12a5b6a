namespace Logistics.Scenarios;

/// <summary>How one merchant-warehouse hands parcels over; stable across campaigns so it can be learnt.</summary>
internal sealed record HandoverHabit(int Warehouse, int[] Carriers, double[] CarrierShares, double[] LagShares, double[] HourShares);
