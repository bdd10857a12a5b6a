using Logistics.Domain.Network;

namespace Logistics.Domain.Forecasting;

/// <summary>Forecast parcels arriving at one hub in one horizon hour.</summary>
public sealed record HubHourLoad(string Hub, int Hour, double P50, double P90);

/// <summary>
/// Turns handovers into hub load: at the origin hub of the handover's lane (warehouse → carrier's hub)
/// in the same hour, and at the carrier's hub serving the destination region after the lane's transit
/// time. P90 is summed (conservative: merchants' peaks move together in a campaign). Handovers with no
/// lane for their warehouse and carrier are left out of the origin load and counted in <c>Unrouted</c>.
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

        var origin = new Dictionary<(string, int), (double, double)>();
        var destination = new Dictionary<(string, int), (double, double)>();
        double unrouted = 0;
        foreach (var h in handovers)
        {
            if (!lanes.TryGetValue((h.Warehouse, h.Carrier), out var lane)) { unrouted += h.P50; continue; }
            Add(origin, lane.Hub, h.Hour, h);
            var arrive = h.Hour + lane.TransitHours;
            if (arrive < horizonHours && regionHub.TryGetValue((h.Carrier, h.Region), out var dest)) Add(destination, dest, arrive, h);
        }
        return (Sorted(origin), Sorted(destination), unrouted);
    }

    private static void Add(Dictionary<(string, int), (double P50, double P90)> map, string hub, int hour, HandoverForecast h)
    {
        var (p50, p90) = map.GetValueOrDefault((hub, hour));
        map[(hub, hour)] = (p50 + h.P50, p90 + h.P90);
    }

    private static List<HubHourLoad> Sorted(Dictionary<(string Hub, int Hour), (double P50, double P90)> map) =>
        map.OrderBy(kv => kv.Key.Hub, StringComparer.Ordinal).ThenBy(kv => kv.Key.Hour)
            .Select(kv => new HubHourLoad(kv.Key.Hub, kv.Key.Hour, kv.Value.P50, kv.Value.P90)).ToList();
}
