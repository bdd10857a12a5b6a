using Logistics.Server.Planning;

namespace Logistics.Server.WhatIf;

/// <summary>The what-if feature's queries. None touches the feed, the windows, the alerts or the publications.</summary>
internal static class WhatIfSql
{
    public const string Insert = $"""
        INSERT INTO what_if_runs (campaign_id, status, overrides, requested_by)
        SELECT id, '{RunStatuses.Queued}', @overrides::jsonb, @keyId FROM campaigns WHERE code = @campaign
        RETURNING id
        """;

    public const string SetJob = "UPDATE what_if_runs SET job_id = @job WHERE id = @id";

    public const string Start = $"""
        UPDATE what_if_runs w SET status = '{RunStatuses.Running}', started_at = now(), error = NULL
        FROM campaigns c WHERE c.id = w.campaign_id AND w.id = @id
        RETURNING c.code AS campaign, w.overrides::text AS overrides
        """;

    public const string Finish = """
        UPDATE what_if_runs SET status = @status, finished_at = clock_timestamp(), base_run_id = @baseRun,
               stages = @stages::jsonb, diff = @diff::jsonb, error = @error
        WHERE id = @id
        """;

    /// <summary>The run in force for the campaign, with the counts the diff compares.</summary>
    public const string BaseRun = """
        SELECT p.plan_run_id AS id, (r.counts->>'delayed_parcels')::bigint AS delayed, (r.counts->>'late_parcels')::bigint AS late
        FROM publications p JOIN campaigns c ON c.id = p.campaign_id JOIN plan_runs r ON r.id = p.plan_run_id
        WHERE c.code = @campaign
        """;

    /// <summary>The loads the diff compares: pickups (parcels moved) and receiving hubs (regions' delay).</summary>
    /// <remarks>Only what the diff reads: a national run's loads in full would be hundreds of megabytes more at the run's peak.</remarks>
    public const string BaseLoads = """
        SELECT kind, node, carrier, planned, CASE WHEN kind = 'destination_hub' THEN capacity END AS capacity FROM plan_node_loads
        WHERE plan_run_id = @run AND kind IN ('pickup', 'destination_hub')
        """;

    public const string Get = """
        SELECT w.id, c.code AS campaign, w.status, w.overrides::text AS overrides, w.created_at, w.started_at, w.finished_at,
               w.job_id, w.diff::text AS diff, w.error, w.published_upload_ids
        FROM what_if_runs w JOIN campaigns c ON c.id = w.campaign_id
        WHERE w.id = @id
        """;

    public const string Recent = """
        SELECT w.id, c.code AS campaign, w.status, w.overrides::text AS overrides, w.created_at, w.started_at, w.finished_at,
               w.job_id, w.diff::text AS diff, w.error, w.published_upload_ids
        FROM what_if_runs w JOIN campaigns c ON c.id = w.campaign_id
        ORDER BY w.id DESC LIMIT @limit
        """;
}
