using System.Globalization;
using System.Text;
using Dapper;
using Npgsql;

namespace Logistics.Server.Capacity;

/// <summary>
/// The capacity a caller may upload, as the upload's own CSV (node,kind,start,hours,parcels), so a
/// carrier can download it, edit it and upload it again. A carrier's file holds its hubs' sort and its
/// pickup at the warehouses it has a lane at; ops speaking for a carrier get that carrier's file, and
/// ops alone the warehouses' outbound (the kinds each may give). Equal consecutive hours of a node are
/// one line of up to 24 hours; times are UTC.
/// </summary>
internal static class CapacityExport
{
    public const string Header = "node,kind,start,hours,parcels";

    /// <summary>
    /// The nodes and kinds the caller may give: (code, node id, kind). The bulky kinds only with
    /// @bulky: the export carries the bulky hours there are, the template none, since a hub has a
    /// bulky line only when its carrier says so.
    /// </summary>
    private const string NodesSql = """
        SELECT h.code, h.id AS node_id, k.kind FROM hubs h, unnest(ARRAY['sort', 'bulky_sort']) AS k (kind)
        WHERE h.carrier_id = @carrier AND (k.kind = 'sort' OR @bulky)
        UNION
        SELECT w.code, w.id, k.kind FROM lanes l JOIN warehouses w ON w.id = l.warehouse_id, unnest(ARRAY['pickup', 'bulky_pickup']) AS k (kind)
        WHERE l.carrier_id = @carrier AND (k.kind = 'pickup' OR @bulky)
        UNION
        SELECT w.code, w.id, 'outbound' FROM warehouses w WHERE @carrier::bigint IS NULL
        ORDER BY 1, 3
        """;

    /// <summary>Each node's effective hours; the lateral read is an index range scan per node and kind.</summary>
    private const string HoursSql = $"""
        SELECT n.code, n.kind, e.hour, e.parcels
        FROM ({NodesSql}) n
        CROSS JOIN LATERAL (
            SELECT x.hour, x.parcels FROM capacity_effective x
            WHERE x.node_id = n.node_id AND x.kind = n.kind AND x.carrier_id IS NOT DISTINCT FROM @carrier
              AND x.hour >= @from AND x.hour < @to) e
        ORDER BY n.code, n.kind, e.hour
        """;

    public static async Task<string> ExportAsync(NpgsqlConnection conn, long? carrier, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        var rows = await conn.QueryAsync<(string Node, string Kind, DateTime Hour, int Parcels)>(new CommandDefinition(HoursSql,
            new { carrier, bulky = true, from = from.UtcDateTime, to = to.UtcDateTime }, cancellationToken: ct));
        var csv = new StringBuilder(Header).Append('\n');
        (string Node, string Kind, DateTime Start, int Hours, int Parcels)? run = null;
        void Flush()
        {
            if (run is { } r) csv.Append(CultureInfo.InvariantCulture, $"{r.Node},{r.Kind},{Time(r.Start)},{r.Hours},{r.Parcels}\n");
        }
        foreach (var x in rows)
        {
            // An hour joins the line before when it follows it on the same node and kind with the same figure.
            if (run is { } r && r.Node == x.Node && r.Kind == x.Kind && r.Parcels == x.Parcels && r.Hours < 24 && r.Start.AddHours(r.Hours) == x.Hour)
            {
                run = r with { Hours = r.Hours + 1 };
                continue;
            }
            Flush();
            run = (x.Node, x.Kind, x.Hour, 1, x.Parcels);
        }
        Flush();
        return csv.ToString();
    }

    /// <summary>A line per node, kind and UTC day in [from, to) with the parcels left empty to fill in.</summary>
    public static async Task<string> TemplateAsync(NpgsqlConnection conn, long? carrier, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        var nodes = await conn.QueryAsync<(string Code, long NodeId, string Kind)>(new CommandDefinition(NodesSql, new { carrier, bulky = false }, cancellationToken: ct));
        var csv = new StringBuilder(Header).Append('\n');
        foreach (var n in nodes)
            for (var start = from.UtcDateTime; start < to.UtcDateTime; start = start.AddHours(24))
            {
                var hours = (int)Math.Min(24, (to.UtcDateTime - start).TotalHours);
                csv.Append(CultureInfo.InvariantCulture, $"{n.Code},{n.Kind},{Time(start)},{hours},\n");
            }
        return csv.ToString();
    }

    private static string Time(DateTime utc) => DateTime.SpecifyKind(utc, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
