using Logistics.Domain.Capacity;
using Logistics.Domain.Network;
using Logistics.Server.Capacity;

namespace Logistics.Server.WhatIf;

/// <summary>
/// Checks a what-if's overrides against the network before anything is queued, naming each problem
/// with its position (`capacity_overrides[2].factor`), and resolves which capacity series each changes.
/// Without a kind, an override changes a node's parcel capacities (a hub's sort; a warehouse's outbound
/// and pickups); a bulky line or bulky truck slots are changed by naming their kind. A figure for a
/// bulky line a hub does not have opens one in the what-if, as a carrier's upload would.
/// </summary>
internal static class OverrideChecks
{
    public const int MaxOverrides = 1000;

    public static (List<ResolvedOverride> Resolved, List<string> Errors) Check(IReadOnlyList<CapacityOverride>? overrides, NetworkModel network)
    {
        var resolved = new List<ResolvedOverride>();
        var errors = new List<string>();
        if (overrides is null || overrides.Count == 0) { errors.Add("capacity_overrides: a dry run needs at least one override"); return (resolved, errors); }
        if (overrides.Count > MaxOverrides) { errors.Add($"capacity_overrides: at most {MaxOverrides}"); return (resolved, errors); }
        var hubs = network.Hubs.ToDictionary(h => h.Code, StringComparer.Ordinal);
        var warehouses = network.Warehouses.Select(w => w.Code).ToHashSet(StringComparer.Ordinal);
        for (var i = 0; i < overrides.Count; i++)
        {
            var o = overrides[i];
            var at = $"capacity_overrides[{i}]";
            if (o is null) { errors.Add($"{at}: not an object"); continue; }
            var before = errors.Count;
            if (string.IsNullOrWhiteSpace(o.Node)) errors.Add($"{at}.node: required (a hub or warehouse code)");
            var isHub = o.Node is not null && hubs.ContainsKey(o.Node);
            var isWarehouse = o.Node is not null && warehouses.Contains(o.Node);
            if (!string.IsNullOrWhiteSpace(o.Node) && !isHub && !isWarehouse) errors.Add($"{at}.node: no hub or warehouse '{o.Node}'");
            CapacityKind? kind = o.Kind is null ? null : CapacityRow.Parse(o.Kind);
            if (o.Kind is not null && kind is null) errors.Add($"{at}.kind: '{o.Kind}' is not {string.Join(", ", CapacityRow.Kinds[..^1])} or {CapacityRow.Kinds[^1]}");
            else if (kind is CapacityKind.Sort or CapacityKind.BulkySort && !isHub && isWarehouse) errors.Add($"{at}.kind: {o.Kind} is a hub's; '{o.Node}' is a warehouse");
            else if (kind is CapacityKind.Pickup or CapacityKind.Outbound or CapacityKind.BulkyPickup && isHub && !isWarehouse) errors.Add($"{at}.kind: {o.Kind} is a warehouse's; '{o.Node}' is a hub");
            if (o.Carrier is not null && (kind is not (null or CapacityKind.Pickup or CapacityKind.BulkyPickup) || !isWarehouse))
                errors.Add($"{at}.carrier: names a carrier's pickup or bulky pickup at a warehouse only");
            else if (o.Carrier is not null && !network.Lanes.Any(l => l.Warehouse == o.Node && l.Carrier == o.Carrier))
                errors.Add($"{at}.carrier: '{o.Carrier}' has no lane at '{o.Node}'");
            if (o.From == default || o.To == default) errors.Add($"{at}: from and to are required (RFC 3339 with an offset)");
            else if (o.From.Minute != 0 || o.From.Second != 0 || o.To.Minute != 0 || o.To.Second != 0 || o.From.Millisecond != 0 || o.To.Millisecond != 0) errors.Add($"{at}: from and to must be on the hour");
            else if (o.To <= o.From) errors.Add($"{at}.to: must be after from");
            if ((o.Parcels is null) == (o.Factor is null)) errors.Add($"{at}: give exactly one of parcels (an hour's figure) or factor (times the current figure)");
            else if (o.Parcels is < 0 or > int.MaxValue) errors.Add($"{at}.parcels: a whole number from 0");
            else if (o.Factor is { } f && (!double.IsFinite(f) || f < 0 || f > 100)) errors.Add($"{at}.factor: a number from 0 to 100 (0.7 cuts by 30 %)");
            if (errors.Count > before) continue;

            var series = new List<(CapacityKind, string?)>();
            if (isHub && kind is (null or CapacityKind.Sort)) series.Add((CapacityKind.Sort, null));
            if (isWarehouse && kind is (null or CapacityKind.Outbound) && o.Carrier is null) series.Add((CapacityKind.Outbound, null));
            if (isWarehouse && kind is (null or CapacityKind.Pickup or CapacityKind.BulkyPickup))
                foreach (var c in network.Lanes.Where(l => l.Warehouse == o.Node && (o.Carrier is null || l.Carrier == o.Carrier)).Select(l => l.Carrier).Distinct().Order(StringComparer.Ordinal))
                    series.Add((kind ?? CapacityKind.Pickup, c));
            if (isHub && kind == CapacityKind.BulkySort) series.Add((CapacityKind.BulkySort, null));
            resolved.Add(new ResolvedOverride(o, series, isHub));
        }
        return (resolved, errors);
    }
}
