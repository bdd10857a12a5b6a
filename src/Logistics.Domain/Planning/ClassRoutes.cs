using Logistics.Domain.Handling;
using Logistics.Domain.Network;

namespace Logistics.Domain.Planning;

/// <summary>
/// Where each handling class's parcels go, as the loads and audiences see it: per (carrier, region)
/// the carrier's first hub there by code, per (warehouse, carrier) its first lane by hub; for bulky
/// parcels the same among the hubs with a bulky line only.
/// </summary>
public sealed class ClassRoutes
{
    private readonly Dictionary<(string, string), string>[] _destination = [[], []];
    private readonly Dictionary<(string, string), Lane>[] _origin = [[], []];

    public ClassRoutes(NetworkModel network, IReadOnlySet<string>? bulkyLines)
    {
        foreach (var h in network.Hubs.OrderBy(h => h.Code, StringComparer.Ordinal))
        {
            _destination[(int)HandlingClass.Parcel].TryAdd((h.Carrier, h.Region), h.Code);
            if (bulkyLines?.Contains(h.Code) == true) _destination[(int)HandlingClass.Bulky].TryAdd((h.Carrier, h.Region), h.Code);
        }
        foreach (var l in network.Lanes.OrderBy(l => l.Hub, StringComparer.Ordinal))
        {
            _origin[(int)HandlingClass.Parcel].TryAdd((l.Warehouse, l.Carrier), l);
            if (bulkyLines?.Contains(l.Hub) == true) _origin[(int)HandlingClass.Bulky].TryAdd((l.Warehouse, l.Carrier), l);
        }
    }

    /// <summary>The carrier's hub receiving the class's parcels bound for the region; null when it has none.</summary>
    public string? DestinationHub(HandlingClass handling, string carrier, string region) =>
        _destination[(int)handling].GetValueOrDefault((carrier, region));

    /// <summary>The lane a carrier takes the class's parcels from the warehouse by; null when it has none.</summary>
    public Lane? OriginLane(HandlingClass handling, string warehouse, string carrier) =>
        _origin[(int)handling].GetValueOrDefault((warehouse, carrier));
}
