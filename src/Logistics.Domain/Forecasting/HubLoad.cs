using Logistics.Domain.Network;

namespace Logistics.Domain.Forecasting;

/// <summary>Forecast parcels arriving at one hub in one horizon hour.</summary>
public sealed record HubHourLoad(string Hub, int Hour, double P50, double P90);

/// <summary>
/// Turns handovers into hub load: at the origin hub of the handover's lane (warehouse → carrier's hub)
/// in the same hour, and at the carrier's hub serving the destination region after the lane's transit
/// time. P90 is summed (conservative: merchants' peaks move together in a campaign). Handovers with no
/// lane for their warehouse and carrier are left out of the origin load and counted in <c>Unrouted</c>.
/// One pass; consecutive rows of one warehouse, carrier and region reuse the last lookups.
/// </summary>
public static class HubLoad
{
    public static (IReadOnlyList<HubHourLoad> Origin, IReadOnlyList<HubHourLoad> Destination, double Unrouted) Aggregate(
        IEnumerable<HandoverForecast> handovers, NetworkModel network, int horizonHours)
    {
        var lanes = new Dictionary<(string Warehouse, string Carrier), Lane>();
        foreach (var lane in network.Lanes.OrderBy(l => l.Hub, StringComparer.Ordinal))
            lanes.TryAdd((lane.Warehouse, lane.Carrier), lane);
        var regionHub = new Dictionary<(string Carrier, string Region), string>();
        foreach (var hub in network.Hubs.OrderBy(h => h.Code, StringComparer.Ordinal))
            regionHub.TryAdd((hub.Carrier, hub.Region), hub.Code);

        var origin = new Dictionary<string, double[]>(StringComparer.Ordinal); // hub → [P50 by hour, then P90 by hour]
        var destination = new Dictionary<string, double[]>(StringComparer.Ordinal);
        double unrouted = 0;
        string? lastWarehouse = null, lastCarrier = null, lastRegion = null;
        Lane? lane_ = null;
        double[]? from = null, to = null;
        foreach (var h in handovers)
        {
            if (h.Warehouse != lastWarehouse || h.Carrier != lastCarrier)
            {
                (lastWarehouse, lastCarrier, lastRegion) = (h.Warehouse, h.Carrier, null);
                lane_ = lanes.GetValueOrDefault((h.Warehouse, h.Carrier));
                from = lane_ is null ? null : Hours(origin, lane_.Hub, horizonHours);
            }
            if (lane_ is null || from is null) { unrouted += h.P50; continue; }
            if (h.Region != lastRegion)
            {
                lastRegion = h.Region;
                to = regionHub.TryGetValue((h.Carrier, h.Region), out var dest) ? Hours(destination, dest, horizonHours) : null;
            }
            if (h.Hour < 0 || h.Hour >= horizonHours) continue;
            from[h.Hour] += h.P50;
            from[horizonHours + h.Hour] += h.P90;
            var arrive = h.Hour + lane_.TransitHours;
            if (to is not null && arrive < horizonHours) { to[arrive] += h.P50; to[horizonHours + arrive] += h.P90; }
        }
        return (Rows(origin, horizonHours), Rows(destination, horizonHours), unrouted);
    }

    private static double[] Hours(Dictionary<string, double[]> map, string hub, int horizonHours)
    {
        if (!map.TryGetValue(hub, out var hours)) map[hub] = hours = new double[2 * horizonHours];
        return hours;
    }

    private static List<HubHourLoad> Rows(Dictionary<string, double[]> map, int horizonHours)
    {
        var rows = new List<HubHourLoad>();
        foreach (var hub in map.Keys.Order(StringComparer.Ordinal))
        {
            var hours = map[hub];
            for (var h = 0; h < horizonHours; h++)
                if (hours[h] != 0 || hours[horizonHours + h] != 0) rows.Add(new HubHourLoad(hub, h, hours[h], hours[horizonHours + h]));
        }
        return rows;
    }
}
