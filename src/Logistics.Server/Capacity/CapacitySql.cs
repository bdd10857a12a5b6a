namespace Logistics.Server.Capacity;

/// <summary>The set-based half of a capacity load: staging, checks and merge.</summary>
internal static class CapacitySql
{
    // Temporary: never WAL-logged, private to the load, gone with its transaction.
    public const string CreateStaging = """
        CREATE TEMP TABLE capacity_staging (
            line        bigint NOT NULL,
            node        text NOT NULL,
            kind        text NOT NULL,
            start       timestamptz NOT NULL,
            start_text  text NOT NULL,
            hours       integer NOT NULL,
            parcels     integer NOT NULL
        ) ON COMMIT DROP
        """;

    public const string CopyStaging = "COPY capacity_staging (line, node, kind, start, start_text, hours, parcels) FROM STDIN (FORMAT BINARY)";

    // Each line's node and whose it is. @carrier: the carrier the upload speaks for (null: ops).
    private const string Resolved = """
        SELECT s.line, s.node, s.kind, s.start, s.hours, s.parcels,
               h.id AS hub_id, h.carrier_id AS hub_carrier, w.id AS warehouse_id, l.warehouse_id IS NOT NULL AS has_lane
        FROM capacity_staging s
        LEFT JOIN hubs h ON s.kind = 'sort' AND h.code = s.node
        LEFT JOIN warehouses w ON s.kind <> 'sort' AND w.code = s.node
        LEFT JOIN (SELECT DISTINCT warehouse_id FROM lanes WHERE carrier_id = @carrier) l ON l.warehouse_id = w.id
        """;

    /// <summary>
    /// Lines that fail a check against the network, in one pass. A line has at most one such problem:
    /// an unknown node leaves nothing else to check, and ownership and kind rules apply to different kinds.
    /// </summary>
    public const string NetworkProblems = $"""
        SELECT line, "column", value, reason FROM (
            SELECT r.line,
                   CASE WHEN r.hub_id IS NULL AND r.warehouse_id IS NULL OR r.hub_id IS NOT NULL THEN 'node' ELSE 'kind' END AS "column",
                   CASE WHEN r.hub_id IS NULL AND r.warehouse_id IS NULL OR r.hub_id IS NOT NULL THEN r.node ELSE r.kind END AS value,
                   CASE
                       WHEN r.kind = 'sort' AND r.hub_id IS NULL
                           THEN format('unknown node: no hub %L (sort capacity is given for a hub)', r.node)
                       WHEN r.kind <> 'sort' AND r.warehouse_id IS NULL
                           THEN format('unknown node: no warehouse %L (%s capacity is given for a warehouse)', r.node, r.kind)
                       WHEN r.kind = 'sort' AND @carrier IS NOT NULL AND r.hub_carrier <> @carrier
                           THEN format('hub %L belongs to another carrier', r.node)
                       WHEN r.kind = 'outbound' AND @carrier IS NOT NULL
                           THEN 'kind not allowed for the caller: outbound capacity is given by ops, not a carrier'
                       WHEN r.kind = 'pickup' AND @carrier IS NULL
                           THEN 'kind not allowed for the caller: pickup capacity is a carrier''s (use a carrier key, or --carrier)'
                       WHEN r.kind = 'pickup' AND NOT r.has_lane
                           THEN format('kind not allowed for the caller: no lane of this carrier at warehouse %L', r.node)
                   END AS reason
            FROM ({Resolved}) r
        ) p
        WHERE reason IS NOT NULL
        """;

    // Every hour each line covers. One-hour lines, the common case, skip the set-returning function.
    private const string Hours = """
        SELECT s.line, s.node, s.kind, s.start_text, s.start AS hour FROM capacity_staging s WHERE s.hours = 1
        UNION ALL
        SELECT s.line, s.node, s.kind, s.start_text, g.hour
        FROM capacity_staging s
        CROSS JOIN LATERAL generate_series(s.start, s.start + (s.hours - 1) * interval '1 hour', interval '1 hour') AS g (hour)
        WHERE s.hours > 1
        """;

    /// <summary>Whether two lines cover the same node, kind and hour (a hash aggregate: cheap when none do).</summary>
    public const string AnyOverlap = $"""
        SELECT EXISTS (SELECT 1 FROM ({Hours}) x GROUP BY node, kind, hour HAVING count(*) > 1)
        """;

    /// <summary>Each line that covers an hour an earlier line already covers, naming the earlier line.</summary>
    public const string Overlaps = $"""
        SELECT DISTINCT ON (line) line, 'start' AS "column", start_text AS value,
               format('%s %s at %s is already covered by line %s', kind, node,
                      to_char(hour AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'), first_line) AS reason
        FROM (
            SELECT x.*, min(x.line) OVER (PARTITION BY x.node, x.kind, x.hour) AS first_line
            FROM ({Hours}) x
        ) y
        WHERE line <> first_line
        ORDER BY line, hour
        """;

    /// <summary>
    /// Appends every hour of every line as the next version; the previous versions stay as history.
    /// Sorted by the history index's key, so the index grows leaf by leaf instead of all over.
    /// </summary>
    public const string Merge = $"""
        INSERT INTO capacity_history (kind, node_id, carrier_id, hour, parcels, version, upload_id)
        SELECT kind, node_id, carrier_id, hour, parcels, @version, @id
        FROM (
            SELECT r.kind, coalesce(r.hub_id, r.warehouse_id) AS node_id,
                   CASE r.kind WHEN 'sort' THEN r.hub_carrier WHEN 'pickup' THEN @carrier END AS carrier_id,
                   r.start AS hour, r.parcels
            FROM ({Resolved}) r
            WHERE r.hours = 1
            UNION ALL
            SELECT r.kind, coalesce(r.hub_id, r.warehouse_id),
                   CASE r.kind WHEN 'sort' THEN r.hub_carrier WHEN 'pickup' THEN @carrier END,
                   g.hour, r.parcels
            FROM ({Resolved}) r
            CROSS JOIN LATERAL generate_series(r.start, r.start + (r.hours - 1) * interval '1 hour', interval '1 hour') AS g (hour)
            WHERE r.hours > 1
        ) x
        ORDER BY node_id, kind, carrier_id, hour
        """;
}
