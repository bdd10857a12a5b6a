using Logistics.Server.Uploads;

namespace Logistics.Server.Maintenance;

/// <summary>The retention job's statements; @days is the retention period.</summary>
internal static class RetentionSql
{
    /// <summary>Per feed (every merchant's, the network-wide one, and ops' 'all'), the highest position about to be removed.</summary>
    public const string RecordTrim = """
        INSERT INTO alert_feed_trims (feed, through)
        SELECT 'm:' || f.merchant_id, max(x.position)
        FROM merchant_feed f CROSS JOIN LATERAL unnest(f.positions) AS x(position)
        WHERE f.first_position <= @through AND x.position <= @through
        GROUP BY f.merchant_id
        UNION ALL
        SELECT 'network', max(position) FROM alert_events WHERE network_wide AND position <= @through HAVING count(*) > 0
        UNION ALL
        SELECT 'all', @through
        ON CONFLICT (feed) DO UPDATE SET through = greatest(alert_feed_trims.through, excluded.through)
        """;

    /// <summary>
    /// The merchants' feed rows of positions up to @through: wholly removed, or (a row that goes on
    /// past it) keeping the rest. Publications trim whole, since their events share a time, so the
    /// second is rare.
    /// </summary>
    public const string TrimMerchantFeeds = """
        DELETE FROM merchant_feed WHERE last_position <= @through;
        UPDATE merchant_feed
        SET positions = ARRAY(SELECT x FROM unnest(positions) AS x WHERE x > @through ORDER BY x),
            first_position = (SELECT min(x) FROM unnest(positions) AS x WHERE x > @through)
        WHERE first_position <= @through AND last_position > @through;
        """;

    /// <summary>Cleared alerts whose every event has been trimmed: nothing can show them any more.</summary>
    public const string ClearedAlerts = """
        DELETE FROM alerts a
        USING plan_runs r
        WHERE r.id = a.plan_run_id
          AND NOT a.in_force
          AND r.started_at < now() - make_interval(days => @days)
          AND NOT EXISTS (SELECT 1 FROM alert_events e WHERE e.alert_id = a.id)
        """;

    /// <summary>The rows of <paramref name="table"/> (merchant_windows, plan_node_loads, plan_lane_loads) of old runs that are no longer any campaign's published run.</summary>
    public static string SupersededRunRows(string table) => $"""
        DELETE FROM {table} x
        USING plan_runs r
        WHERE x.plan_run_id = r.id
          AND r.started_at < now() - make_interval(days => @days)
          AND NOT EXISTS (SELECT 1 FROM publications p WHERE p.plan_run_id = r.id)
        """;

    /// <summary>Old runs nothing refers to: not published now, and no alert or event kept names them.</summary>
    public const string Runs = """
        DELETE FROM plan_runs r
        WHERE r.started_at < now() - make_interval(days => @days)
          AND NOT EXISTS (SELECT 1 FROM publications p WHERE p.plan_run_id = r.id)
          AND NOT EXISTS (SELECT 1 FROM alerts a WHERE a.plan_run_id = r.id)
          AND NOT EXISTS (SELECT 1 FROM alert_events e WHERE e.plan_run_id = r.id)
        """;

    /// <summary>What-ifs: a contingency tried weeks ago was tried on a network and a forecast that have moved on.</summary>
    public const string WhatIfs = """
        DELETE FROM what_if_runs WHERE created_at < now() - make_interval(days => @days)
        """;

    /// <summary>Rejected and failed uploads: their errors were there to read for the whole period.</summary>
    public const string RejectedUploads = $"""
        DELETE FROM uploads
        WHERE status IN ('{UploadStates.Rejected}', '{UploadStates.Failed}') AND created_at < now() - make_interval(days => @days)
        """;

    /// <summary>
    /// Staging tables (staging.u_ID for demand, staging.capacity_ID, and staging.capacity_ID_b, the
    /// second half of a direct capacity load) of uploads that have finished or no longer exist. Never
    /// a partition: a table attached to a real table is data, not staging. (A second half is committed
    /// just before its request attaches it: the job checks the request's lock before dropping one.)
    /// </summary>
    public const string LeftoverStaging = $$"""
        SELECT c.relname
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'staging' AND c.relkind = 'r' AND NOT c.relispartition
          AND c.relname ~ '^(u_[0-9a-f]{32}|capacity_[0-9a-f]{32}(_b)?)$'
          AND NOT EXISTS (SELECT 1 FROM uploads u
                          WHERE u.id = CASE WHEN c.relname ~ '^(u|capacity)_[0-9a-f]{32}' THEN substring(c.relname FROM '[0-9a-f]{32}')::uuid END
                            AND u.status IN ('{{UploadStates.Queued}}', '{{UploadStates.Processing}}'))
        ORDER BY c.relname
        """;
}
