namespace Logistics.Scenarios;

/// <summary>
/// How one merchant-warehouse hands parcels over; stable across campaigns so it can be learnt. An
/// appliance seller's bulky goods take longer (<see cref="BulkyLagShares"/>) and go by a carrier with
/// a bulky line there (<see cref="BulkyCarrier"/>); both null for everyone else.
/// </summary>
internal sealed record HandoverHabit(int Warehouse, int[] Carriers, double[] CarrierShares, double[] LagShares, double[] HourShares,
    double[]? BulkyLagShares = null, int? BulkyCarrier = null)
{
    private static readonly double[] Whole = [1.0];

    /// <summary>The carriers a class's goods go by, with their shares: bulky goods all by the one bulky carrier.</summary>
    public (int[] Carriers, double[] Shares) Of(bool bulky) => bulky ? ([BulkyCarrier!.Value], Whole) : (Carriers, CarrierShares);
}
