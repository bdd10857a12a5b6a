using Logistics.Domain.Campaigns;
using Logistics.Domain.Planning;
using Logistics.Server.Planning;

namespace Logistics.Server.WhatIf;

/// <summary>
/// The snapshot's capacity with a what-if's overrides laid over it, in order (a later override of the
/// same hour wins). A factor of a figure never given (not limited) leaves it unlimited; a figure in
/// parcels makes it that.
/// </summary>
internal static class OverrideApplier
{
    public static IReadOnlyList<CapacitySeries> Apply(IReadOnlyList<CapacitySeries> capacities, IReadOnlyList<ResolvedOverride> overrides, Campaign campaign)
    {
        var hours = campaign.HorizonHours;
        var series = new Dictionary<(Logistics.Domain.Capacity.CapacityKind, string, string?), long[]>();
        var order = new List<(Logistics.Domain.Capacity.CapacityKind, string, string?)>();
        foreach (var c in capacities)
        {
            var key = (c.Kind, c.Node, c.Carrier);
            series[key] = [.. c.Parcels];
            order.Add(key);
        }
        foreach (var o in overrides)
        {
            var from = Math.Max(0, (int)(o.Source.From - campaign.HorizonStartUtc).TotalHours);
            var to = Math.Min(hours, (int)(o.Source.To - campaign.HorizonStartUtc).TotalHours);
            foreach (var (kind, carrier) in o.Series)
            {
                var key = (kind, o.Source.Node, carrier);
                if (!series.TryGetValue(key, out var parcels))
                {
                    if (o.Source.Parcels is null) continue;   // unlimited times a factor is unlimited
                    series[key] = parcels = Enumerable.Repeat(SnapshotReader.Unconstrained, hours).ToArray();
                    order.Add(key);
                }
                for (var h = from; h < to; h++)
                    parcels[h] = o.Source.Parcels ?? (parcels[h] >= SnapshotReader.Unconstrained ? parcels[h] : (long)Math.Floor(parcels[h] * o.Source.Factor!.Value));
            }
        }
        return [.. order.Select(k => new CapacitySeries(k.Item2, k.Item1, k.Item3, series[k]))];
    }
}
