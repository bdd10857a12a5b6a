namespace Logistics.Server.Demand;

/// <summary>
/// The set-based checks signals and outcomes share; each yields (line, column, value, reason, rule),
/// the rule a <see cref="Ingest.LineRule"/> code (read back with LineRule.FromCode, which refuses a misspelt one).
/// <see cref="DemandCells"/> and <see cref="DemandRowResolver"/> accept in memory exactly what these accept.
/// </summary>
internal static class DemandChecks
{
    public static IEnumerable<string> References(string column, string table) =>
    [
        $"""
        SELECT s.line, '{column}', s.{column},
               'unknown {column}: not in the network (import it first)' || coalesce(' (did you mean ''' || near.code || '''?)', ''),
               CASE WHEN s.{column} = '' THEN 'missing_value' ELSE 'unknown_{column}' END
        FROM {"{staged}"} s LEFT JOIN {table} t ON t.code = s.{column}
        -- "did you mean": the same code in other letter case (one hash join, only over rejected lines)
        LEFT JOIN (SELECT upper(code) AS key, min(code) AS code FROM {table} GROUP BY 1) near ON t.id IS NULL AND near.key = upper(s.{column})
        WHERE t.id IS NULL
        """,
    ];

    public static readonly string[] CampaignAndDate =
    [
        """
        SELECT s.line, 'campaign', s.campaign,
               'unknown campaign: import it first (logistics import campaigns FILE)' || coalesce(' (did you mean ''' || near.code || '''?)', ''),
               CASE WHEN s.campaign = '' THEN 'missing_value' ELSE 'unknown_campaign' END
        FROM {staged} s LEFT JOIN campaigns c ON c.code = s.campaign
        LEFT JOIN (SELECT upper(code) AS key, min(code) AS code FROM campaigns GROUP BY 1) near ON c.id IS NULL AND near.key = upper(s.campaign)
        WHERE c.id IS NULL
        """,
        """
        SELECT line, 'date', date, 'not a date YYYY-MM-DD', CASE WHEN date = '' THEN 'missing_value' ELSE 'not_a_date' END
        FROM {staged} WHERE NOT is_iso_date(date)
        """,
        // Pre-sale signals start at most 90 days before the horizon; nothing lies after it.
        """
        SELECT s.line, 'date', s.date, format('outside campaign %s: from %s to %s', c.code, c.horizon_start - 90, c.horizon_end), 'outside_campaign'
        FROM {staged} s JOIN campaigns c ON c.code = s.campaign
        WHERE CASE WHEN is_iso_date(s.date) THEN s.date::date NOT BETWEEN c.horizon_start - 90 AND c.horizon_end ELSE false END
        """,
    ];

    /// <summary>
    /// The date check again over typed rows (<c>{typed}</c>), for when a campaign's horizon changed
    /// between an upload's arrival (when its lines were resolved) and its load.
    /// </summary>
    public const string TypedOutsideCampaign = """
        SELECT t.line, 'date', to_char(t.day, 'YYYY-MM-DD'), format('outside campaign %s: from %s to %s', c.code, c.horizon_start - 90, c.horizon_end),
               'outside_campaign'
        FROM {typed} t JOIN campaigns c ON c.id = t.campaign_id
        WHERE t.day NOT BETWEEN c.horizon_start - 90 AND c.horizon_end
        """;

    public const string MerchantUsesWarehouse = """
        SELECT s.line, 'warehouse', s.warehouse, format('merchant %s does not use warehouse %s (no merchant_warehouse in the network)', s.merchant, s.warehouse),
               'warehouse_not_used'
        FROM {staged} s
        JOIN merchants m ON m.code = s.merchant
        JOIN warehouses w ON w.code = s.warehouse
        WHERE NOT EXISTS (SELECT 1 FROM merchant_warehouses mw WHERE mw.merchant_id = m.id AND mw.warehouse_id = w.id)
        """;

    public const string Category = """
        SELECT line, 'category', category, 'a category is 1 to 64 letters, digits, ''-'', ''_'', ''.'' or '':''',
               CASE WHEN category = '' THEN 'missing_value' ELSE 'invalid_code' END
        FROM {staged} WHERE category !~ '^[A-Za-z0-9_.:-]{1,64}$'
        """;

    public static string OptionalCount(string column) => $"""
        SELECT line, '{column}', {column}, {CountProblem(column)} || ' (leave the cell empty when unknown)', {CountRule(column)}
        FROM {"{staged}"} WHERE {column} <> '' AND {column} !~ '^\d{"{1,12}"}$'
        """;

    public static string RequiredCount(string column) => $"""
        SELECT line, '{column}', {column}, {CountProblem(column)}, {CountRule(column)}
        FROM {"{staged}"} WHERE {column} !~ '^\d{"{1,12}"}$'
        """;

    // Why a count is refused, as specifically as the text allows.
    private static string CountProblem(string column) => $"""
        CASE WHEN {column} = '' THEN 'missing: a count is needed'
             WHEN {column} ~ '^-' THEN 'negative: a count is 0 or more'
             WHEN {column} ~ '^\d*[.,]\d*$' THEN 'fractional: a count is a whole number'
             WHEN {column} ~ '^\d+$' THEN 'implausibly large: a count is at most 999999999999'
             ELSE 'not a whole number' END
        """;

    // The same refusal as a rule code, case for case.
    private static string CountRule(string column) => $"""
        CASE WHEN {column} = '' THEN 'missing_value'
             WHEN {column} ~ '^-' THEN 'negative'
             WHEN {column} ~ '^\d*[.,]\d*$' THEN 'fractional'
             WHEN {column} ~ '^\d+$' THEN 'out_of_range'
             ELSE 'not_a_number' END
        """;

    public static string Duplicates(string key, string column, string described) => $"""
        SELECT line, '{column}', {column}, format('the same %s as line %s', '{described}', first), 'duplicate_row'
        FROM (SELECT line, {column}, first_value(line) OVER w AS first, row_number() OVER w AS n
              FROM {"{staged}"} WINDOW w AS (PARTITION BY {key} ORDER BY line)) d
        WHERE n > 1
        """;
}
