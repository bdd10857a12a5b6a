using Dapper;
using Npgsql;

namespace Logistics.Server.Capacity;

/// <summary>One effective hour of a node, and which upload set it.</summary>
public sealed record CapacityHour(string Kind, string? Carrier, DateTimeOffset Hour, long Parcels, Guid Upload, long Version);

/// <summary>The answer of GET /v1/capacity.</summary>
public sealed record CapacityView(string Node, DateTimeOffset From, DateTimeOffset To, IReadOnlyList<CapacityHour> Hours);

internal static class CapacityQuery
{
    private sealed record Node(long? HubId, long? WarehouseId, bool Visible);
    private sealed record Row(string Kind, string? Carrier, DateTime Hour, int Parcels, Guid UploadId, long Version);

    /// <summary>
    /// The effective hours of a hub and/or warehouse named <paramref name="node"/>; null when there is no
    /// such node or the carrier has nothing there (a hub of its own, or a warehouse it has a lane at).
    /// </summary>
    public static async Task<CapacityView?> GetAsync(NpgsqlConnection conn, string node, DateTimeOffset from, DateTimeOffset to, long? carrier, CancellationToken ct)
    {
        var n = await conn.QuerySingleAsync<Node>(new CommandDefinition("""
            SELECT (SELECT id FROM hubs WHERE code = @node) AS hub_id,
                   (SELECT id FROM warehouses WHERE code = @node) AS warehouse_id,
                   @carrier IS NULL
                   OR EXISTS (SELECT 1 FROM hubs WHERE code = @node AND carrier_id = @carrier)
                   OR EXISTS (SELECT 1 FROM lanes l JOIN warehouses w ON w.id = l.warehouse_id WHERE w.code = @node AND l.carrier_id = @carrier) AS visible
            """, new { node, carrier }, cancellationToken: ct));
        if ((n.HubId is null && n.WarehouseId is null) || !n.Visible) return null;

        // Filters on the view's DISTINCT ON columns are pushed into it: an index range scan per node.
        var rows = await conn.QueryAsync<Row>(new CommandDefinition("""
            SELECT e.kind, c.code AS carrier, e.hour, e.parcels, e.upload_id, e.version
            FROM capacity_effective e
            LEFT JOIN carriers c ON c.id = e.carrier_id
            WHERE ((e.kind IN ('sort', 'bulky_sort') AND e.node_id = @hub) OR (e.kind IN ('pickup', 'outbound', 'bulky_pickup') AND e.node_id = @warehouse))
              AND e.hour >= @from AND e.hour < @to
              AND (@carrier IS NULL OR e.carrier_id = @carrier)
            ORDER BY e.hour, e.kind, c.code
            """, new { hub = n.HubId ?? -1, warehouse = n.WarehouseId ?? -1, from = from.UtcDateTime, to = to.UtcDateTime, carrier }, cancellationToken: ct));
        return new CapacityView(node, from.ToUniversalTime(), to.ToUniversalTime(), [.. rows.Select(r =>
            new CapacityHour(r.Kind, r.Carrier, new DateTimeOffset(DateTime.SpecifyKind(r.Hour, DateTimeKind.Utc)), r.Parcels, r.UploadId, r.Version))]);
    }
}
