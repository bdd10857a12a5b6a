namespace Logistics.Server.WhatIf;

/// <summary>An override as it comes in: times as text, so one without an offset is named rather than guessed.</summary>
public sealed record CapacityOverrideRequest(string? Node, string? Kind, string? From, string? To, long? Parcels, double? Factor, string? Carrier);

internal static class WhatIfRequests
{
    /// <summary>Each override with its times parsed, or an error naming its position and field.</summary>
    public static (List<CapacityOverride> Overrides, List<string> Errors) Parse(IReadOnlyList<CapacityOverrideRequest?>? requests)
    {
        var overrides = new List<CapacityOverride>();
        var errors = new List<string>();
        for (var i = 0; i < (requests?.Count ?? 0); i++)
        {
            var r = requests![i];
            if (r is null) { errors.Add($"capacity_overrides[{i}]: not an object"); continue; }
            var from = Rfc3339.TryParse(r.From, out var f);
            var to = Rfc3339.TryParse(r.To, out var t);
            if (!from) errors.Add($"capacity_overrides[{i}].from: '{r.From}' is not an RFC 3339 time with an offset (2026-11-12T00:00:00+08:00)");
            if (!to) errors.Add($"capacity_overrides[{i}].to: '{r.To}' is not an RFC 3339 time with an offset (2026-11-12T12:00:00+08:00)");
            if (from && to) overrides.Add(new CapacityOverride(r.Node ?? "", r.Kind, f, t, r.Parcels, r.Factor, r.Carrier));
        }
        return (overrides, errors);
    }
}
