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

    // Where each line's node is, and whose it is. @carrier: the carrier the upload speaks for (null: ops).
    private const string Resolved = """
        SELECT s.*,
               h.id AS hub_id, h.carrier_id AS hub_carrier,
               w.id AS warehouse_id,
               EXISTS (SELECT 1 FROM lanes l WHERE l.warehouse_id = w.id AND l.carrier_id = @carrier) AS has_lane
        FROM capacity_staging s
        LEFT JOIN hubs h ON s.kind = 'sort' AND h.code = s.node
        LEFT JOIN warehouses w ON s.kind <> 'sort' AND w.code = s.node
        """;

    /// <summary>Every line that fails a check against the network or collides with another line.</summary>
    public const string Problems = $"""
        SELECT line, "column", value, reason FROM (
            SELECT r.line, 'node' AS "column", r.node AS value,
                   CASE WHEN r.kind = 'sort' THEN format('unknown node: no hub %L (sort capacity is given for a hub)', r.node)
                        ELSE format('unknown node: no warehouse %L (%s capacity is given for a warehouse)', r.node, r.kind) END AS reason
            FROM ({Resolved}) r
            WHERE (r.kind = 'sort' AND r.hub_id IS NULL) OR (r.kind <> 'sort' AND r.warehouse_id IS NULL)
          UNION ALL
            SELECT r.line, 'node', r.node, format('hub %L belongs to another carrier', r.node)
            FROM ({Resolved}) r
            WHERE r.kind = 'sort' AND @carrier IS NOT NULL AND r.hub_carrier <> @carrier
          UNION ALL
            SELECT r.line, 'kind', r.kind,
                   CASE WHEN r.kind = 'outbound' THEN 'kind not allowed for the caller: outbound capacity is given by ops, not a carrier'
                        WHEN @carrier IS NULL THEN 'kind not allowed for the caller: pickup capacity is a carrier''s (use a carrier key, or --carrier)'
                        ELSE format('kind not allowed for the caller: no lane of this carrier at warehouse %L', r.node) END
            FROM ({Resolved}) r
            WHERE r.warehouse_id IS NOT NULL
              AND ((r.kind = 'outbound' AND @carrier IS NOT NULL) OR (r.kind = 'pickup' AND (@carrier IS NULL OR NOT r.has_lane)))
          UNION ALL
            -- Two lines covering the same node, kind and hour: the later line is wrong, naming the earlier.
            (SELECT DISTINCT ON (line) line, 'start', start_text,
                   format('%s %s at %s is already covered by line %s', kind, node,
                          to_char(hour AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'), first_line)
            FROM (
                SELECT s.line, s.node, s.kind, s.start_text, hour,
                       min(s.line) OVER (PARTITION BY s.node, s.kind, hour) AS first_line
                FROM capacity_staging s
                CROSS JOIN LATERAL generate_series(s.start, s.start + (s.hours - 1) * interval '1 hour', interval '1 hour') AS hour
            ) x
            WHERE line <> first_line
            ORDER BY line, hour)
        ) p
        """;

    /// <summary>Appends every hour of every line as the next version; the previous versions stay as history.</summary>
    public const string Merge = """
        INSERT INTO capacity_history (kind, node_id, carrier_id, hour, parcels, version, upload_id)
        SELECT s.kind,
               coalesce(h.id, w.id),
               CASE s.kind WHEN 'sort' THEN h.carrier_id WHEN 'pickup' THEN @carrier END,
               hour, s.parcels, v.version, @id
        FROM capacity_staging s
        LEFT JOIN hubs h ON s.kind = 'sort' AND h.code = s.node
        LEFT JOIN warehouses w ON s.kind <> 'sort' AND w.code = s.node
        CROSS JOIN (SELECT nextval('capacity_version') AS version) v
        CROSS JOIN LATERAL generate_series(s.start, s.start + (s.hours - 1) * interval '1 hour', interval '1 hour') AS hour
        """;
}
