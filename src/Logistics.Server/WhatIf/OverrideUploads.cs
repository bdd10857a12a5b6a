using System.Globalization;
using System.Text;
using Dapper;
using Logistics.Domain.Capacity;
using Logistics.Domain.Network;
using Logistics.Server.Capacity;
using Npgsql;

namespace Logistics.Server.WhatIf;

/// <summary>
/// "Publish this": a what-if's overrides as capacity upload files, one per carrier (its hubs' sort and
/// bulky lines, its pickup and bulky truck slots) and one for ops' outbound, each hour the figure the what-if planned with. A factor
/// applies to the effective figure now; an hour with none given (not limited) stays as it is.
/// </summary>
internal static class OverrideUploads
{
    public sealed record File(string? Carrier, string Csv);

    public static async Task<IReadOnlyList<File>> BuildAsync(NpgsqlConnection conn, IReadOnlyList<ResolvedOverride> overrides, NetworkModel network, CancellationToken ct)
    {
        var hubCarrier = network.Hubs.ToDictionary(h => h.Code, h => h.Carrier, StringComparer.Ordinal);
        // Per carrier (null: ops), per node/kind/hour the figure; a later override of an hour wins, as in the what-if.
        var files = new SortedDictionary<string, SortedDictionary<(string Node, string Kind, DateTimeOffset Hour), long>>(StringComparer.Ordinal);
        foreach (var o in overrides)
            foreach (var (kind, carrier) in o.Series)
            {
                var owner = kind switch
                {
                    CapacityKind.Sort or CapacityKind.BulkySort => hubCarrier[o.Source.Node],
                    CapacityKind.Pickup or CapacityKind.BulkyPickup => carrier!,
                    _ => "",
                };
                var kindName = CapacityRow.Name(kind);
                var onHub = kind is CapacityKind.Sort or CapacityKind.BulkySort;
                var current = o.Source.Factor is null ? [] : (await conn.QueryAsync<(DateTime Hour, int Parcels)>(new CommandDefinition("""
                    SELECT e.hour, e.parcels FROM capacity_effective e
                    WHERE e.node_id = CASE WHEN @onHub THEN (SELECT id FROM hubs WHERE code = @node) ELSE (SELECT id FROM warehouses WHERE code = @node) END
                      AND e.kind = @kind
                      AND e.carrier_id IS NOT DISTINCT FROM (SELECT id FROM carriers WHERE code = @carrier)
                      AND e.hour >= @from AND e.hour < @to
                    """, new { node = o.Source.Node, kind = kindName, onHub, carrier = kind == CapacityKind.Outbound ? null : owner, from = o.Source.From.UtcDateTime, to = o.Source.To.UtcDateTime },
                    cancellationToken: ct))).ToDictionary(r => new DateTimeOffset(DateTime.SpecifyKind(r.Hour, DateTimeKind.Utc)), r => r.Parcels);
                if (!files.TryGetValue(owner, out var rows)) files[owner] = rows = [];
                for (var hour = o.Source.From.ToUniversalTime(); hour < o.Source.To; hour = hour.AddHours(1))
                {
                    if (o.Source.Parcels is { } parcels) rows[(o.Source.Node, kindName, hour)] = parcels;
                    else if (current.TryGetValue(hour, out var now)) rows[(o.Source.Node, kindName, hour)] = (long)Math.Floor(now * o.Source.Factor!.Value);
                }
            }
        return [.. files.Where(f => f.Value.Count > 0).Select(f => new File(f.Key.Length == 0 ? null : f.Key, Csv(f.Value)))];
    }

    private static string Csv(SortedDictionary<(string Node, string Kind, DateTimeOffset Hour), long> rows)
    {
        var csv = new StringBuilder(Capacity.CapacityExport.Header).Append('\n');
        foreach (var ((node, kind, hour), parcels) in rows)
            csv.Append(CultureInfo.InvariantCulture, $"{node},{kind},{hour.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'},1,{parcels}\n");
        return csv.ToString();
    }
}
