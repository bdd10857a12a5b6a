namespace Logistics.Domain.Forecasting;

/// <summary>
/// The calibration's cross-fitting folds: a merchant's fold comes from a stable hash of its code, not
/// of input order, so each merchant is replayed by a fit that did not see it.
/// </summary>
internal sealed class MerchantFolds(ForecastUnits units)
{
    public const int Count = 4;

    private readonly List<int> _merchantFold = [];

    /// <summary>A unit's fold (its merchant's), filled lazily.</summary>
    public int Of(int unit)
    {
        var m = units.Merchant(unit);
        while (_merchantFold.Count <= m)
        {
            uint h = 2166136261;
            foreach (var ch in units.Merchants[_merchantFold.Count]) h = (h ^ ch) * 16777619;
            _merchantFold.Add((int)(h % Count));
        }
        return _merchantFold[m];
    }

    /// <summary>Fills every unit's fold, so threads that only read them can run side by side.</summary>
    public void FillAll()
    {
        for (var u = 0; u < units.Count; u++) Of(u);
    }
}
