using Logistics.Domain.Forecasting;

namespace Logistics.Domain.Planning;

/// <summary>
/// Canonical order of forecast rows: merchant, warehouse, class, hour, carrier, region (ordinal), then P50, P90.
/// Codes become ordinal ranks first so the big sort compares integers, not strings.
/// </summary>
internal static class RowOrder
{
    public static HandoverForecast[] Sorted(HandoverForecast[] rows, out Dictionary<string, int> merchantRank)
    {
        merchantRank = Ranks(rows.Select(r => r.Merchant));
        var warehouseRank = Ranks(rows.Select(r => r.Warehouse));
        var carrierRank = Ranks(rows.Select(r => r.Carrier));
        var regionRank = Ranks(rows.Select(r => r.Region));
        var keys = new Key[rows.Length];
        for (int i = 0; i < rows.Length; i++)
        {
            var r = rows[i];
            keys[i] = new Key(
                ((long)merchantRank[r.Merchant] << 25) | ((long)warehouseRank[r.Warehouse] << 1) | (long)r.Handling,
                ((long)r.Hour << 40) | ((long)carrierRank[r.Carrier] << 20) | (long)regionRank[r.Region],
                r.P50, r.P90, i);
        }
        Array.Sort(keys);
        var sorted = new HandoverForecast[rows.Length];
        for (int i = 0; i < keys.Length; i++) sorted[i] = rows[keys[i].Index];
        return sorted;
    }

    private static Dictionary<string, int> Ranks(IEnumerable<string> codes)
    {
        var distinct = codes.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        var d = new Dictionary<string, int>(distinct.Length, StringComparer.Ordinal);
        for (int i = 0; i < distinct.Length; i++) d[distinct[i]] = i;
        return d;
    }

    private readonly record struct Key(long A, long B, double P50, double P90, int Index) : IComparable<Key>
    {
        // Index breaks full ties only between identical rows, so the order of equal rows cannot matter.
        public int CompareTo(Key o) =>
            A != o.A ? A.CompareTo(o.A) : B != o.B ? B.CompareTo(o.B)
            : P50 != o.P50 ? P50.CompareTo(o.P50) : P90 != o.P90 ? P90.CompareTo(o.P90) : Index.CompareTo(o.Index);
    }
}
