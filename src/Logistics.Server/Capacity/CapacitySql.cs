namespace Logistics.Server.Capacity;

/// <summary>
/// The set-based half of a capacity load. An upload is staged as one row per hour, already in the
/// history's shape (node ids resolved while it streamed in), plus the line and start text it came
/// from for error reports. Placeholder {staged}: the upload's staging table.
/// </summary>
internal static class CapacitySql
{
    /// <summary>Uploads with at least this many hours get a history partition of their own.</summary>
    public const long OwnPartitionFrom = 50_000;

    public static string StagingTableFor(Guid upload) => $"staging.capacity_{upload:N}";

    // The history's row check, by its name and expression (sql/0021): a table must carry it to become a partition.
    private const string RowCheck = """
        CONSTRAINT capacity_history_row_check_v2 CHECK (
                parcels >= 0
                AND date_bin('1 hour', hour, timestamptz '2000-01-01 00:00:00+00') = hour
                AND CASE kind WHEN 'outbound' THEN carrier_id IS NULL WHEN 'sort' THEN carrier_id IS NOT NULL WHEN 'pickup' THEN carrier_id IS NOT NULL
                              WHEN 'bulky_sort' THEN carrier_id IS NOT NULL WHEN 'bulky_pickup' THEN carrier_id IS NOT NULL ELSE false END)
        """;

    // The history's own columns, as staged and as a partition of its own carries them before the rest is added.
    private const string OwnColumns = """
        kind        text NOT NULL,
                node_id     bigint NOT NULL,
                carrier_id  bigint,
                hour        timestamptz NOT NULL,
                parcels     integer NOT NULL
        """;

    // Not temporary: it must outlive the request for the background load (and a retry of it).
    public const string CreateStaging = $$"""
        CREATE TABLE {staged} (
            {{OwnColumns}},
            line        bigint NOT NULL,
            start_text  text,        -- as written, unless start_offset can render it again
            start_offset smallint,   -- the line's UTC offset in minutes (-32768: written with Z), when its start was written canonically
            {{RowCheck}}
        )
        """;

    /// <summary>
    /// A table of the history's own columns, to become a partition (<see cref="OwnPartition"/>) without
    /// ever having been staged: for hours that can no longer fail, so they carry no line to report.
    /// </summary>
    public const string CreateHistoryPart = $$"""
        CREATE TABLE {staged} (
            {{OwnColumns}},
            {{RowCheck}}
        )
        """;

    /// <summary>
    /// Staged lines the network no longer allows (it changed between receiving and loading): a hub
    /// now another carrier's, a lane gone. Unknown nodes cannot appear: nodes are never deleted.
    /// </summary>
    public const string NetworkChanged = """
        SELECT DISTINCT ON (s.line) s.line,
               CASE WHEN s.kind IN ('sort', 'bulky_sort') THEN 'node' ELSE 'kind' END AS "column",
               CASE WHEN s.kind IN ('sort', 'bulky_sort') THEN h.code ELSE s.kind END AS value,
               CASE WHEN s.kind IN ('sort', 'bulky_sort') THEN format('hub %L belongs to another carrier', h.code)
                    ELSE format('kind not allowed for the caller: no lane of this carrier at warehouse %L', (SELECT code FROM warehouses WHERE id = s.node_id))
               END AS reason,
               CASE WHEN s.kind IN ('sort', 'bulky_sort') THEN 'foreign_hub' ELSE 'kind_not_allowed' END AS rule
        FROM {staged} s
        LEFT JOIN hubs h ON s.kind IN ('sort', 'bulky_sort') AND h.id = s.node_id
        LEFT JOIN (SELECT DISTINCT warehouse_id FROM lanes WHERE carrier_id = @carrier) l ON s.kind IN ('pickup', 'bulky_pickup') AND l.warehouse_id = s.node_id
        WHERE (s.kind IN ('sort', 'bulky_sort') AND @carrier IS NOT NULL AND h.carrier_id <> @carrier)
           OR (s.kind IN ('pickup', 'bulky_pickup') AND l.warehouse_id IS NULL)
        ORDER BY s.line
        """;

    /// <summary>Ops' sort and bulky_sort hours carry the hub's carrier; a hub that changed carrier since staging gets its new one.</summary>
    public const string RefreshHubCarriers = """
        UPDATE {staged} s SET carrier_id = h.carrier_id
        FROM hubs h
        WHERE s.kind IN ('sort', 'bulky_sort') AND h.id = s.node_id AND s.carrier_id <> h.carrier_id
        """;

    /// <summary>Whether two lines cover the same node, kind and hour (a hash aggregate).</summary>
    public const string AnyOverlap = """
        SELECT EXISTS (SELECT 1 FROM {staged} GROUP BY node_id, kind, hour HAVING count(*) > 1)
        """;

    /// <summary>
    /// Each line that covers an hour an earlier line already covers, naming the earlier line. The
    /// value is the line's start as written: kept, or rendered again from its first hour and offset.
    /// </summary>
    public const string Overlaps = """
        SELECT DISTINCT ON (line) line, 'start' AS "column",
               coalesce(start_text,
                        to_char(line_start AT TIME ZONE 'UTC' + coalesce(nullif(start_offset, -32768), 0) * interval '1 minute', 'YYYY-MM-DD"T"HH24:MI:SS')
                        || CASE WHEN start_offset = -32768 THEN 'Z'
                                ELSE CASE WHEN start_offset < 0 THEN '-' ELSE '+' END
                                     || to_char(abs(start_offset) / 60, 'FM00') || ':' || to_char(abs(start_offset) % 60, 'FM00')
                           END) AS value,
               format('%s %s at %s is already covered by line %s', kind,
                      CASE WHEN kind IN ('sort', 'bulky_sort') THEN (SELECT code FROM hubs WHERE id = node_id) ELSE (SELECT code FROM warehouses WHERE id = node_id) END,
                      to_char(hour AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'), first_line) AS reason,
               'overlapping_hours' AS rule
        FROM (
            SELECT s.line, s.kind, s.node_id, s.hour, s.start_text, s.start_offset,
                   min(s.line) OVER (PARTITION BY s.node_id, s.kind, s.hour) AS first_line,
                   min(s.hour) OVER (PARTITION BY s.line) AS line_start
            FROM {staged} s
        ) y
        WHERE line <> first_line
        ORDER BY line, hour
        """;

    /// <summary>
    /// A small upload joins the shared partition, sorted by the index's key so the index grows leaf
    /// by leaf. The unique index refuses overlapping lines (SQLSTATE 23505).
    /// </summary>
    public const string AppendToShared = """
        INSERT INTO capacity_history (kind, node_id, carrier_id, hour, parcels, version, upload_id, segment)
        SELECT kind, node_id, carrier_id, hour, parcels, @version, @id, 0
        FROM {staged}
        ORDER BY node_id, kind, carrier_id, hour
        """;

    /// <summary>
    /// A large upload's staging table becomes its own partition: the columns it lacks are added with
    /// a constant default (a catalog change, no rewrite), the report-only ones dropped, the index
    /// built in one sort (its unique build is the overlap check), and the table attached; the CHECK
    /// on segment spares ATTACH a second scan. {version} is the upload's version.
    /// </summary>
    public static IReadOnlyList<string> OwnPartition(string staged, Guid id, long version) =>
        [.. MakePartition(staged, id, version, version, $"capacity_history_v{version}", staged: true), .. Attach(staged, version, $"capacity_history_v{version}")];

    /// <summary>
    /// Makes a table of the upload's hours (staged, or of <see cref="CreateHistoryPart"/>) ready to be a
    /// partition of <paramref name="segment"/> named <paramref name="name"/>: its columns, and its index
    /// built in one sort.
    /// </summary>
    public static IReadOnlyList<string> MakePartition(string table, Guid id, long version, long segment, string name, bool staged) =>
    [
        $"""
        ALTER TABLE {table}
            ADD COLUMN version bigint NOT NULL DEFAULT {version},
            ADD COLUMN upload_id uuid NOT NULL DEFAULT '{id}',
            ADD COLUMN segment bigint NOT NULL DEFAULT {segment} CONSTRAINT capacity_segment_is CHECK (segment = {segment})
        """ + (staged ? """
            ,
            DROP COLUMN line,
            DROP COLUMN start_text,
            DROP COLUMN start_offset
        """ : ""),
        $"ALTER TABLE {table} ALTER COLUMN version DROP DEFAULT, ALTER COLUMN upload_id DROP DEFAULT, ALTER COLUMN segment DROP DEFAULT",
        $"CREATE UNIQUE INDEX {name}_bucket ON {table} (node_id, kind, carrier_id, hour, version DESC, segment) NULLS NOT DISTINCT",
    ];

    /// <summary>Attaches a table <see cref="MakePartition"/> made ready as the history's partition of <paramref name="segment"/>, named <paramref name="name"/> in public.</summary>
    public static IReadOnlyList<string> Attach(string table, long segment, string name) =>
    [
        $"ALTER TABLE capacity_history ATTACH PARTITION {table} FOR VALUES IN ({segment})",
        $"ALTER TABLE {table} DROP CONSTRAINT capacity_segment_is",
        $"ALTER TABLE {table} SET SCHEMA public",
        $"ALTER TABLE {table.Replace("staging.", "public.", StringComparison.Ordinal)} RENAME TO {name}",
    ];
}
