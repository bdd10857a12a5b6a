using Logistics.Domain.Capacity;

namespace Logistics.Domain.Planning;

/// <summary>Capacity series by (kind, node, carrier for the pickup kinds); duplicates combine to the hourly minimum.</summary>
internal sealed class CapacityIndex
{
    private readonly Dictionary<(CapacityKind, string, string), long[]> _series = [];

    public CapacityIndex(IReadOnlyList<CapacitySeries> series, int hours)
    {
        BulkyLines = HandoverDemandBuilder.BulkyLines(series);
        foreach (var s in series)
        {
            if (s.Parcels.Count != hours)
                throw new ArgumentException($"capacity {s.Kind} {s.Node} {s.Carrier}: {s.Parcels.Count} hours, horizon has {hours}");
            var key = Key(s.Kind, s.Node, s.Carrier);
            if (_series.TryGetValue(key, out var existing))
                for (int t = 0; t < hours; t++) existing[t] = Math.Min(existing[t], Math.Max(0, s.Parcels[t]));
            else
                _series[key] = s.Parcels.Select(p => Math.Max(0, p)).ToArray();
        }
    }

    /// <summary>The hubs with a bulky line (see <see cref="HandoverDemandBuilder.BulkyLines"/>).</summary>
    public IReadOnlySet<string> BulkyLines { get; }

    public long[]? Get(CapacityKind kind, string node, string? carrier) => _series.GetValueOrDefault(Key(kind, node, carrier));

    private static (CapacityKind, string, string) Key(CapacityKind kind, string node, string? carrier) =>
        (kind, node, kind is CapacityKind.Pickup or CapacityKind.BulkyPickup ? carrier ?? "" : "");
}
