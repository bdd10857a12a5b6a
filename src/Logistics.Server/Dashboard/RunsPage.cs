using System.Text;
using System.Text.Json;
using Dapper;
using Logistics.Server.Planning;
using Microsoft.AspNetCore.Mvc;
using Npgsql;

namespace Logistics.Server.Dashboard;

/// <summary>Planning runs: status, trigger, node, stage timings and counts; one run's alert changes, or a what-if's diff.</summary>
internal static class RunsPage
{
    private sealed record Row(long Id, string Campaign, RunStatus Status, string Trigger, string? Node, DateTime StartedAt, DateTime? FinishedAt, string Stages, string Counts, string? Error);

    public static async Task<IResult> RenderAsync(HttpContext http, NpgsqlDataSource db, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var rows = await conn.QueryAsync<Row>(new CommandDefinition("""
            SELECT r.id, c.code AS campaign, r.status, r.trigger, r.node, r.started_at, r.finished_at, r.stages::text, r.counts::text, r.error
            FROM plan_runs r JOIN campaigns c ON c.id = r.campaign_id ORDER BY r.id DESC LIMIT 100
            """, cancellationToken: ct));
        var body = new StringBuilder("<table><tr><th>run</th><th>campaign</th><th>status</th><th>trigger</th><th>node</th><th>started (UTC)</th><th>stages</th><th>counts</th></tr>");
        foreach (var r in rows)
        {
            var css = Css(r.Status);
            body.Append($"<tr><td><a href=\"/ops/runs/{r.Id}\">{r.Id}</a></td><td><a href=\"/ops/network?campaign={Uri.EscapeDataString(r.Campaign)}\">{Html.E(r.Campaign)}</a></td>" +
                        $"<td class=\"{css}\">{Html.E(RunStatuses.Name(r.Status))}</td><td>{Html.E(r.Trigger)}</td><td>{Html.E(r.Node)}</td><td>{Html.Time(Utc(r.StartedAt))}</td>" +
                        $"<td>{Stages(r.Stages)}</td><td>{Counts(r.Counts)}{(r.Error is null ? "" : $"<br><span class=\"failed\">{Html.E(r.Error)}</span>")}</td></tr>");
        }
        body.Append("</table>");
        return Html.Page(http, "Planning runs", body.ToString());
    }

    public static async Task<IResult> RunAsync(HttpContext http, NpgsqlDataSource db, [FromRoute] long id, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var run = await conn.QuerySingleOrDefaultAsync<Row>(new CommandDefinition("""
            SELECT r.id, c.code AS campaign, r.status, r.trigger, r.node, r.started_at, r.finished_at, r.stages::text, r.counts::text, r.error
            FROM plan_runs r JOIN campaigns c ON c.id = r.campaign_id WHERE r.id = @id
            """, new { id }, cancellationToken: ct));
        // What-ifs share the planning runs' ids (sql/0020): a dry run's page is its diff.
        if (run is null)
            return await WhatIf.WhatIfEndpoints.FindAsync(conn, id, ct) is null ? Results.NotFound() : await WhatIfPage.RenderAsync(http, db, id, null, ct);
        var events = (await conn.QueryAsync<(long Position, string Kind, int Version, string Body)>(new CommandDefinition(
            $"SELECT position, kind, version, body::text FROM alert_events WHERE plan_run_id = @id ORDER BY position LIMIT {ShownEvents}", new { id }, cancellationToken: ct))).ToList();
        var total = events.Count < ShownEvents ? events.Count
            : await conn.ExecuteScalarAsync<long>(new CommandDefinition("SELECT count(*) FROM alert_events WHERE plan_run_id = @id", new { id }, cancellationToken: ct));
        var body = new StringBuilder($"""
            <p>Campaign <b>{Html.E(run.Campaign)}</b>, <b>{Html.E(RunStatuses.Name(run.Status))}</b>, started {Html.Time(Utc(run.StartedAt))} by {Html.E(run.Trigger)} on {Html.E(run.Node)}.
            {(run.Error is null ? "" : $"<span class=\"failed\">{Html.E(run.Error)}</span>")}</p>
            <h2>Stages</h2><p>{Stages(run.Stages)}</p><h2>Counts</h2><p>{Counts(run.Counts)}</p>
            <h2>Alert changes published by this run</h2>
            {(total > events.Count ? $"<p>The first {events.Count:N0} of {total:N0}.</p>" : "")}
            <table><tr><th>cursor</th><th>change</th><th>level</th><th>node</th><th>from</th><th>to</th><th>reason</th><th>advice</th></tr>
            """);
        foreach (var e in events)
        {
            var a = JsonDocument.Parse(e.Body).RootElement;
            body.Append($"<tr><td>{e.Position}</td><td>{Html.E(e.Kind)} v{e.Version}</td><td>{Html.E(a.GetProperty("level").GetString())}</td>" +
                        $"<td>{Html.E(a.GetProperty("node_kind").GetString())} {Html.E(a.GetProperty("node").GetString())}</td>" +
                        $"<td>{Html.Time(a.GetProperty("start").GetDateTimeOffset())}</td><td>{Html.Time(a.GetProperty("end").GetDateTimeOffset())}</td>" +
                        $"<td>{Html.E(a.GetProperty("reason").GetString())}</td><td>{Html.E(a.GetProperty("advice").GetString())}</td></tr>");
        }
        body.Append("</table>");
        return Html.Page(http, $"Planning run {id}", body.ToString());
    }

    private const int ShownEvents = 500;

    /// <summary>A run's status cell's class: the overview shows the latest run's status as this page does.</summary>
    internal static string Css(RunStatus? status) => status switch
    {
        RunStatus.Published => "ok",
        RunStatus.Failed => "failed",
        RunStatus.Skipped or RunStatus.Unchanged => "skipped",
        _ => "",
    };

    private static DateTimeOffset Utc(DateTime t) => new(DateTime.SpecifyKind(t, DateTimeKind.Utc));

    private static string Stages(string json) =>
        string.Join(", ", JsonDocument.Parse(json).RootElement.EnumerateArray().Select(s => $"{Html.E(s.GetProperty("name").GetString())} {s.GetProperty("seconds").GetDouble():0.00} s"));

    private static string Counts(string json) =>
        string.Join(", ", JsonDocument.Parse(json).RootElement.EnumerateObject().Select(p => $"{Html.E(p.Name.Replace('_', ' '))} {p.Value.GetInt64():N0}"));
}
