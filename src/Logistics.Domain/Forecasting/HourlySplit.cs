using Logistics.Domain.Handling;

namespace Logistics.Domain.Forecasting;

/// <summary>Splits the forecast's unit-days over carriers and local hours into <see cref="HandoverPair"/> rows.</summary>
internal static class HourlySplit
{
    /// <summary>
    /// The hourly rows, produced as they are read, one merchant-warehouse-class at a time into one
    /// reused <see cref="HandoverPair"/>: at national scale they number hundreds of millions,
    /// which the planner aggregates as it goes rather than holding them all. Units come sorted by
    /// merchant, warehouse and region, so a pair's units are consecutive; a pair's parcels come
    /// before its bulky goods (only units with a bulky share have any, see <see cref="UnitSplit"/>);
    /// within a pair, rows follow unit, day, carrier, hour.
    /// </summary>
    public static IEnumerable<HandoverPair> Pairs(
        UnitDays daily, List<UnitSplit> splits, string[] carrierNames, int[] dayStartHour, int horizonHours)
    {
        var pair = new HandoverPair();
        var carrierIndex = new int[carrierNames.Length];
        for (var s = 0; s < splits.Count;)
        {
            var (merchant, warehouse) = (splits[s].Merchant, splits[s].Warehouse);
            var end = s;
            var bulky = false;
            for (; end < splits.Count && string.Equals(splits[end].Merchant, merchant, StringComparison.Ordinal) && string.Equals(splits[end].Warehouse, warehouse, StringComparison.Ordinal); end++)
                bulky |= splits[end].HasBulky;
            Fill(HandlingClass.Parcel);
            if (pair.Count > 0) yield return pair;
            if (bulky)
            {
                Fill(HandlingClass.Bulky);
                if (pair.Count > 0) yield return pair;
            }
            s = end;

            void Fill(HandlingClass handling)
            {
                pair.Start(merchant, warehouse, handling);
                for (var u = s; u < end; u++)
                {
                    var split = splits[u];
                    if (handling == HandlingClass.Bulky && !split.HasBulky) continue;
                    // A pair's units share their carrier split (it is the merchant-warehouse's class's); index them once.
                    var carriers = split.CarriersOf(handling);
                    foreach (var (carrier, _) in carriers)
                    {
                        var at = pair.Carriers.IndexOf(carrierNames[carrier]);
                        if (at < 0) { at = pair.Carriers.Count; pair.Carriers.Add(carrierNames[carrier]); }
                        carrierIndex[carrier] = at;
                    }
                    var region = -1;
                    for (var j = split.From; j < split.To; j++)
                    {
                        var dayStart = dayStartHour[daily.Day(j)];
                        // The class's part of the day: parcels keep what is not bulky (all of it for nearly every unit).
                        var bulkyShare = split.HasBulky ? split.BulkyShare(daily.P50(j), daily.SignalP50(j)) : 0;
                        var part = handling == HandlingClass.Bulky ? bulkyShare : 1 - bulkyShare;
                        if (part <= 0) continue;
                        double p50 = daily.P50(j) * part, p90 = daily.P90(j) * part;
                        foreach (var (carrier, share) in carriers)
                            for (var h = 0; h < 24; h++)
                            {
                                if (split.Profile[h] <= 0) continue;
                                var hour = dayStart + h;
                                if (hour < 0 || hour >= horizonHours) continue;
                                if (region < 0) { region = pair.Regions.Count; pair.Regions.Add(split.Region); }
                                var f = share * split.Profile[h];
                                pair.Add(hour, carrierIndex[carrier], region, p50 * f, p90 * f);
                            }
                    }
                }
            }
        }
    }
}
