namespace Logistics.Domain.Forecasting;

/// <summary>Splits the forecast's unit-days over carriers and local hours into <see cref="HandoverPair"/> rows.</summary>
internal static class HourlySplit
{
    /// <summary>
    /// The hourly rows, produced as they are read, one merchant-warehouse at a time into one
    /// reused <see cref="HandoverPair"/>: at national scale they number hundreds of millions,
    /// which the planner aggregates as it goes rather than holding them all. Units come sorted by
    /// merchant, warehouse and region, so a pair's units are consecutive; within a pair, rows
    /// follow unit, day, carrier, hour.
    /// </summary>
    public static IEnumerable<HandoverPair> Pairs(
        UnitDays daily, List<UnitSplit> splits, string[] carrierNames, int[] dayStartHour, int horizonHours)
    {
        var pair = new HandoverPair();
        var carrierIndex = new int[carrierNames.Length];
        for (var s = 0; s < splits.Count;)
        {
            var (merchant, warehouse) = (splits[s].Merchant, splits[s].Warehouse);
            pair.Start(merchant, warehouse);
            for (; s < splits.Count && string.Equals(splits[s].Merchant, merchant, StringComparison.Ordinal) && string.Equals(splits[s].Warehouse, warehouse, StringComparison.Ordinal); s++)
            {
                var split = splits[s];
                // A pair's units share their carrier split (it is the merchant-warehouse's); index them once.
                foreach (var (carrier, _) in split.Carriers)
                {
                    var at = pair.Carriers.IndexOf(carrierNames[carrier]);
                    if (at < 0) { at = pair.Carriers.Count; pair.Carriers.Add(carrierNames[carrier]); }
                    carrierIndex[carrier] = at;
                }
                var region = -1;
                for (var j = split.From; j < split.To; j++)
                {
                    var dayStart = dayStartHour[daily.Day(j)];
                    double p50 = daily.P50(j), p90 = daily.P90(j);
                    foreach (var (carrier, share) in split.Carriers)
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
            if (pair.Count > 0) yield return pair;
        }
    }
}
