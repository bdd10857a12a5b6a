using Logistics.Domain.Handling;

namespace Logistics.Domain.Forecasting;

/// <summary>
/// A unit's days (Days[From..To)) and how each day splits over carriers and local hours, and into
/// handling classes: <see cref="SignalBulky"/> of the day's signal-driven part is bulky (the bulky
/// categories' share of its signal volume), <see cref="RestBulky"/> of the rest (its bulky share of
/// what it shipped in the last campaign, else the signal share).
/// </summary>
internal sealed record UnitSplit(int From, int To, string Merchant, string Warehouse, string Region, List<(int Carrier, double Share)> Carriers, double[] Profile,
    double SignalBulky = 0, double RestBulky = 0, List<(int Carrier, double Share)>? BulkyCarriers = null)
{
    /// <summary>The carriers a class's goods go by: bulky goods by their own where they have any.</summary>
    public List<(int Carrier, double Share)> CarriersOf(HandlingClass handling) =>
        handling == HandlingClass.Bulky ? BulkyCarriers ?? Carriers : Carriers;

    private const double Snap = 1e-9;

    public bool HasBulky => SignalBulky > Snap || RestBulky > Snap;

    /// <summary>The bulky share of a day of <paramref name="p50"/> parcels, <paramref name="signalP50"/> of them signal-driven.</summary>
    public double BulkyShare(double p50, double signalP50)
    {
        if (p50 <= 0) return 0;
        var signal = Math.Clamp(signalP50, 0, p50);
        var s = (signal * SignalBulky + (p50 - signal) * RestBulky) / p50;
        // A share that is all or nothing but for rounding (sums taken in another order) is all or
        // nothing: else the other class gets rows of 1e-13 parcels.
        return s >= 1 - Snap ? 1 : s <= Snap ? 0 : s;
    }
}
