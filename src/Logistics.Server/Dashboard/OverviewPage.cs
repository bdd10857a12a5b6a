using System.Text;
using Dapper;
using Logistics.Domain.Alerts;
using Logistics.Server.Planning;
using Logistics.Server.Uploads;
using Npgsql;

namespace Logistics.Server.Dashboard;

/// <summary>
/// The network at a glance: each current campaign with its latest planning run and its alerts in
/// force by level, the most loaded nodes of its published plan, and each carrier's last capacity
/// upload. Jobs (counts, graphs, servers) are Hangfire's dashboard's, one click away.
/// </summary>
internal static class OverviewPage
{
    private const int LoadedNodes = 10;

    private sealed record CampaignRow(long Id, string Code, string Name, string TimeZone, DateOnly HorizonStart, DateOnly HorizonEnd,
        long? RunId, RunStatus? RunStatus, DateTime? RunStartedAt, string? RunTrigger, long? PublishedRun);
    private sealed record LoadRow(string Kind, string Node, string? Carrier, float PeakUtilization);
    private sealed record CarrierUpload(string Carrier, UploadState? Status, DateTime? CreatedAt, long? RowsApplied, int? ErrorCount, string? Source);

    public static async Task<IResult> RenderAsync(HttpContext http, NpgsqlDataSource db, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var campaigns = (await conn.QueryAsync<CampaignRow>(new CommandDefinition("""
            SELECT c.id, c.code, c.name, c.time_zone, c.horizon_start, c.horizon_end,
                   r.id AS run_id, r.status AS run_status, r.started_at AS run_started_at, r.trigger AS run_trigger, p.plan_run_id AS published_run
            FROM campaigns c
            LEFT JOIN LATERAL (SELECT id, status, started_at, trigger FROM plan_runs WHERE campaign_id = c.id ORDER BY id DESC LIMIT 1) r ON true
            LEFT JOIN publications p ON p.campaign_id = c.id
            WHERE c.horizon_end >= (now() AT TIME ZONE c.time_zone)::date - 7
            ORDER BY c.horizon_start, c.code
            """, cancellationToken: ct))).ToList();

        var body = new StringBuilder();
        if (campaigns.Count == 0)
            body.Append("<p>No current campaign: import one (<code>logistics import campaigns FILE</code>).</p>");
        foreach (var c in campaigns)
        {
            body.Append($"<section class=\"campaign\"><h2>{Html.E(c.Code)} · {Html.E(c.Name)}</h2>" +
                        $"<p>Horizon {c.HorizonStart:yyyy-MM-dd} to {c.HorizonEnd:yyyy-MM-dd} ({Html.E(c.TimeZone)}). ");
            body.Append(c.RunId is { } run
                ? $"Latest planning run <a href=\"/ops/runs/{run}\">#{run}</a>: <b class=\"{RunsPage.Css(c.RunStatus)}\">{Html.E(RunStatuses.Name(c.RunStatus!.Value))}</b>, started {Html.Time(Utc(c.RunStartedAt))} ({Html.E(c.RunTrigger)})."
                : "Not planned yet.");
            body.Append(c.PublishedRun is { } published ? $" Merchants see run <a href=\"/ops/runs/{published}\">#{published}</a>.</p>" : " Nothing published yet.</p>");

            var levels = (await conn.QueryAsync<(AlertLevel Level, long Count)>(new CommandDefinition(
                "SELECT level, count(*) FROM alerts WHERE campaign_id = @Id AND in_force AND ends_at > @now GROUP BY level",
                new { c.Id, now = Infrastructure.ServiceClock.Current.GetUtcNow() }, cancellationToken: ct)))
                .ToDictionary(l => l.Level, l => l.Count);
            body.Append("<div class=\"cards alerts\">");
            foreach (var level in AlertLevels.Published)
            {
                var css = level switch { AlertLevel.Blocked => "failed", AlertLevel.Warning => "skipped", _ => "" };
                body.Append($"<div class=\"card {css}\">{(level == AlertLevel.Delay ? "delay notices" : $"{AlertLevels.Name(level)} alerts")} in force<b>{levels.GetValueOrDefault(level):N0}</b></div>");
            }
            body.Append("</div>");

            if (c.PublishedRun is { } shown)
            {
                var loads = await conn.QueryAsync<LoadRow>(new CommandDefinition($"""
                    SELECT kind, node, carrier, peak_utilization FROM plan_node_loads
                    WHERE plan_run_id = @shown AND peak_utilization IS NOT NULL
                    ORDER BY peak_utilization DESC, kind, node LIMIT {LoadedNodes}
                    """, new { shown }, cancellationToken: ct));
                body.Append($"<h3>Most loaded nodes (planned peak, P90, against capacity)</h3><table class=\"loaded\"><tr><th>node</th><th>kind</th><th>carrier</th><th class=\"num\">peak</th></tr>");
                foreach (var l in loads)
                {
                    var link = $"/ops/network?campaign={Uri.EscapeDataString(c.Code)}&kind={Uri.EscapeDataString(l.Kind)}&node={Uri.EscapeDataString(l.Node)}" +
                               (l.Carrier is null ? "" : $"&carrier={Uri.EscapeDataString(l.Carrier)}");
                    var css = l.PeakUtilization > 1 ? "failed" : l.PeakUtilization >= 0.9 ? "skipped" : "";
                    body.Append($"<tr><td><a href=\"{link}\">{Html.E(l.Node)}</a></td><td>{Html.E(l.Kind)}</td><td>{Html.E(l.Carrier)}</td><td class=\"num {css}\">{l.PeakUtilization:P0}</td></tr>");
                }
                body.Append("</table>");
            }
            body.Append("</section>");
        }

        var carriers = await conn.QueryAsync<CarrierUpload>(new CommandDefinition($"""
            SELECT c.code AS carrier, u.status, u.created_at, u.rows_applied, u.error_count, u.source
            FROM carriers c
            LEFT JOIN LATERAL (SELECT status, created_at, rows_applied, error_count, source FROM uploads
                               WHERE carrier_id = c.id AND kind = '{UploadKinds.Capacity}' ORDER BY created_at DESC LIMIT 1) u ON true
            ORDER BY c.code
            """, cancellationToken: ct));
        body.Append("<h2>Each carrier's last capacity upload</h2><table class=\"carriers\"><tr><th>carrier</th><th>received (UTC)</th><th>via</th><th>status</th><th class=\"num\">hourly buckets</th><th class=\"num\">bad lines</th></tr>");
        foreach (var u in carriers)
            body.Append(u.Status is null
                ? $"<tr><td>{Html.E(u.Carrier)}</td><td colspan=\"5\" class=\"skipped\">no capacity uploaded yet</td></tr>"
                : $"<tr><td>{Html.E(u.Carrier)}</td><td>{Html.Time(Utc(u.CreatedAt))}</td><td>{Html.E(u.Source)}</td><td class=\"{StatusCss(u.Status)}\">{Html.E(UploadStates.Name(u.Status.Value))}</td>" +
                  $"<td class=\"num\">{u.RowsApplied:N0}</td><td class=\"num\">{u.ErrorCount}</td></tr>");
        body.Append("""
            </table><p><a href="/ops/uploads">Every upload</a> · Background jobs (queues, processing, failed, retries, servers):
            <a href="/ops/jobs">the Hangfire dashboard</a>; schedules: <a href="/ops/jobs/schedules">Schedules</a>.</p>
            """);
        return Html.Page(http, "Overview", body.ToString());
    }

    private static string StatusCss(UploadState? status) => status switch
    {
        UploadState.Accepted => "ok",
        UploadState.Failed or UploadState.Rejected => "failed",
        _ => "",
    };

    private static DateTimeOffset? Utc(DateTime? t) => t is { } v ? new DateTimeOffset(DateTime.SpecifyKind(v, DateTimeKind.Utc)) : null;
}
