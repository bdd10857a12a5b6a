using Logistics.Domain.Handling;
using Logistics.Domain.Planning;

namespace Logistics.Scenarios.Evaluation;

/// <summary>
/// The realised parcels as merchants following their windows would hand them over. Each
/// merchant-warehouse-class hands over, in each hour, at most what its windows reserve then (scaled by its
/// realised ÷ planned parcels), first in, first out, and never a parcel before it exists (before its
/// natural handover hour); a reservation it has nothing ready for goes unused. Parcels still waiting
/// after its last window are handed over as they come, to the carriers it uses. A parcel is late when
/// it is handed over more than ShipWithinHours after its natural handover hour.
/// </summary>
public static class Following
{
    /// <param name="LateParcels">Late parcels per handling class.</param>
    public sealed record Result(IReadOnlyDictionary<NodeId, double[]> Arrivals, double[] LateParcels);

    public static Result Spread(Realised realised, IReadOnlyList<ShipmentWindow> windows, int shipWithinHours)
    {
        var hours = realised.Hours;
        var arrivals = new Dictionary<NodeId, double[]>();
        double[] Series(NodeId id) => arrivals.TryGetValue(id, out var a) ? a : arrivals[id] = new double[hours];
        var reserved = new double[hours];
        var handed = new double[hours];
        var seen = new HashSet<(string, string, HandlingClass)>();
        var late = new double[HandlingClasses.Names.Count];

        void Natural(Realised.Pair pair, string warehouse, HandlingClass handling, int t, double parcels)
        {
            if (parcels <= 0) return;
            if (handling == HandlingClass.Parcel) Series(new NodeId(LoadNodeKind.Outbound, warehouse, ""))[t] += parcels;
            foreach (var (carrier, n) in pair.ByCarrier)
                realised.Hand(Series, handling, warehouse, carrier, realised.Routes.OriginLane(handling, warehouse, carrier)?.Hub, t, parcels * n / pair.Total);
        }

        for (var i = 0; i < windows.Count;)
        {
            var first = windows[i];
            var j = i;
            while (j < windows.Count && windows[j].Merchant == first.Merchant && windows[j].Warehouse == first.Warehouse && windows[j].Handling == first.Handling) j++;
            var key = (first.Merchant, first.Warehouse, first.Handling);
            seen.Add(key);
            if (realised.Pairs.TryGetValue(key, out var pair) && pair.Total > 0)
            {
                Array.Clear(reserved);
                for (var k = i; k < j; k++)
                {
                    var w = windows[k];
                    var perHour = (double)w.MaxParcels / (w.EndHour - w.StartHour);
                    for (var t = Math.Max(0, w.StartHour); t < Math.Min(hours, w.EndHour); t++) reserved[t] += perHour;
                }
                var planned = reserved.Sum();
                var scale = planned > 0 ? pair.Total / planned : 0;
                var lastWindow = -1;
                for (var t = 0; t < hours; t++) if (reserved[t] > 0) lastWindow = t;
                double ready = 0;
                for (var t = 0; t < hours; t++)
                {
                    ready += pair.Natural[t];
                    // Within the windows, at most what the hour reserves; after the last, as the parcels come.
                    var n = t > lastWindow ? ready : Math.Min(ready, reserved[t] * scale);
                    handed[t] = n;
                    ready -= n;
                }
                // Into the windows' lanes in proportion to what each reserves in that hour; the rest as the merchant would.
                for (var k = i; k < j; k++)
                {
                    var w = windows[k];
                    var perHour = (double)w.MaxParcels / (w.EndHour - w.StartHour);
                    for (var t = Math.Max(0, w.StartHour); t < Math.Min(hours, w.EndHour); t++)
                    {
                        var n = handed[t] * perHour / reserved[t];
                        if (n <= 0) continue;
                        if (w.Handling == HandlingClass.Parcel) Series(new NodeId(LoadNodeKind.Outbound, w.Warehouse, ""))[t] += n;
                        realised.Hand(Series, w.Handling, w.Warehouse, w.Carrier, w.Hub, t, n);
                    }
                }
                for (var t = 0; t < hours; t++)
                    if (reserved[t] <= 0) Natural(pair, first.Warehouse, first.Handling, t, handed[t]);
                late[(int)first.Handling] += Late(pair.Natural, handed, shipWithinHours);
            }
            i = j;
        }
        foreach (var ((merchant, warehouse, handling), pair) in realised.Pairs)
            if (!seen.Contains((merchant, warehouse, handling)))
                for (var t = 0; t < hours; t++) Natural(pair, warehouse, handling, t, pair.Natural[t]);
        return new Result(arrivals, late);
    }

    /// <summary>Parcels handed over more than <paramref name="within"/> hours after their natural hour (first in, first out).</summary>
    internal static double Late(double[] natural, double[] handed, int within)
    {
        var hours = natural.Length;
        var cumHanded = new double[hours];
        double run = 0;
        for (var t = 0; t < hours; t++) cumHanded[t] = run += handed[t];
        double late = 0, cumNatural = 0;
        for (var t = 0; t + within + 1 < hours; t++)
        {
            var from = cumNatural;
            cumNatural += natural[t];
            // Parcels of hour t are ranked (from, cumNatural]; those past what is handed by t + within are late.
            late += Math.Max(0, cumNatural - Math.Max(from, cumHanded[t + within]));
        }
        return late;
    }
}
