using Logistics.Domain.Demand;

namespace Logistics.Domain.Forecasting;

/// <summary>Sums signal rows into a <see cref="SignalTable"/> per unit and category, and optionally a campaign's <see cref="SignalCurve"/>.</summary>
internal static class SignalReader
{
    /// <summary>One pass over signal rows dated on or before <paramref name="asOfDay"/> (a <see cref="DateOnly.DayNumber"/>).</summary>
    /// <param name="curve">When given, also filled with the events per (category, signal) and day to <paramref name="firstSale"/>.</param>
    public static SignalTable Read(ForecastUnits units, SignalColumns rows, int asOfDay, List<double[]?>? curve = null, DateOnly firstSale = default)
    {
        var table = new SignalTable();
        int lastUnit = -1, lastCategory = -1, slot = -1;
        int lastM = -1, lastW = -1, lastR = -1, lastK = -1;
        CodeMap merchants = units.Map(units.Merchants, rows.Merchants), warehouses = units.Map(units.Warehouses, rows.Warehouses), regions = units.Map(units.Regions, rows.Regions);
        var categories = units.Map(units.Categories, rows.Categories);
        for (var i = 0; i < rows.Rows; i++)
        {
            var date = rows.Day(i);
            if (date > asOfDay) continue;
            int m = rows.Merchant(i), w = rows.Warehouse(i), r = rows.Region(i), category = rows.Category(i);
            // Rows come by unit and category, a row per day: the slot is looked up when either changes.
            if (lastUnit < 0 || m != lastM || w != lastW || r != lastR)
            {
                (lastM, lastW, lastR) = (m, w, r);
                lastUnit = units.Unit(merchants, m, warehouses, w, regions, r);
                slot = -1;
            }
            if (lastCategory < 0 || category != lastK) { lastK = category; lastCategory = categories.Id(category); slot = -1; }
            if (slot < 0) slot = table.Slot(lastUnit, lastCategory);
            var known = table.Known[slot];
            var rowKnown = rows.KnownBits(i);
            for (var k = 0; k < SignalKinds.Count; k++)
            {
                if ((rowKnown & (1 << SignalKinds.Column(k))) == 0) continue;
                table.Sums[k][slot] += rows.Count(i, SignalKinds.Column(k));
                known |= (byte)(1 << k);
            }
            table.Known[slot] = known;
            if (curve is null) continue;
            var day = date - firstSale.DayNumber + SignalCurve.Span;
            if (day < 0 || day > 2 * SignalCurve.Span) continue; // not a pre-sale signal of this campaign
            while (curve.Count < SignalKinds.Count * (lastCategory + 1)) curve.Add(null);
            for (var k = 0; k < SignalKinds.Count; k++)
            {
                if ((rowKnown & (1 << SignalKinds.Column(k))) == 0) continue;
                var v = rows.Count(i, SignalKinds.Column(k));
                if (v == 0) continue;
                var perDay = curve[SignalKinds.Count * lastCategory + k] ??= new double[2 * SignalCurve.Span + 1];
                perDay[day] += v;
            }
        }
        return table;
    }
}
