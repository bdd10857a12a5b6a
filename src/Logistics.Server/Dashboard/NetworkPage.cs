using System.Globalization;
using System.Text;
using Dapper;
using Logistics.Domain.Alerts;
using Logistics.Domain.Handling;
using Microsoft.AspNetCore.Mvc;
using Npgsql;

using Logistics.Server.Loads;

namespace Logistics.Server.Dashboard;

/// <summary>
/// The network as the latest published run sees it: the most loaded nodes (all, or one handling
/// class's: parcel sorters and docks, or bulky lines and truck slots), and for one node its hourly
/// forecast (P50, P90) against capacity with the shaved plan and the alert ranges marked.
/// </summary>
internal static class NetworkPage
{
    private sealed record AlertRange(AlertLevel Level, DateTime StartsAt, DateTime EndsAt, string Reason);

    public static async Task<IResult> RenderAsync(HttpContext http, NpgsqlDataSource db,
        [FromQuery] string? campaign, [FromQuery] string? kind, [FromQuery] string? node, [FromQuery] string? carrier, [FromQuery] string? error,
        [FromQuery] string? handling, CancellationToken ct)
    {
        // A class the page does not know shows every node, and says so.
        HandlingClass? only = HandlingClasses.TryParse(handling ?? "", out var c) ? c : null;
        if (only is null && !string.IsNullOrEmpty(handling))
            error ??= $"handling must be {HandlingClasses.Parcel} or {HandlingClasses.Bulky}, not '{handling}': showing every node";
        await using var conn = await db.OpenConnectionAsync(ct);
        var published = (await conn.QueryAsync<(string Code, long Run, DateOnly HorizonStart, DateTime HorizonStartUtc)>(new CommandDefinition("""
            SELECT c.code, p.plan_run_id, c.horizon_start, (c.horizon_start::timestamp AT TIME ZONE c.time_zone) AS horizon_start_utc
            FROM publications p JOIN campaigns c ON c.id = p.campaign_id ORDER BY c.horizon_start DESC
            """, cancellationToken: ct))).ToList();
        var body = new StringBuilder("<p>Campaign: " + string.Join(" · ", published.Select(p =>
            p.Code == campaign ? $"<b>{Html.E(p.Code)}</b>" : $"<a href=\"/ops/network?campaign={Uri.EscapeDataString(p.Code)}\">{Html.E(p.Code)}</a>")) + "</p>");
        if (published.Count == 0) return Html.Page(http, "Network", "<p>No run has been published yet: run <code>logistics plan</code> or press <a href=\"/ops/jobs/schedules\">Plan now</a> on the Schedules page.</p>");
        var current = published.FirstOrDefault(p => p.Code == campaign);
        if (current == default) current = published[0];

        var top = (await conn.QueryAsync<NodeLoadRow>(new CommandDefinition($"""
            SELECT {NodeLoadRow.Columns}, peak_utilization
            FROM plan_node_loads
            WHERE plan_run_id = @Run AND peak_utilization IS NOT NULL
              AND (@bulky::boolean IS NULL OR starts_with(kind, 'bulky_') = @bulky)
            ORDER BY peak_utilization DESC, kind, node LIMIT 20
            """, new { current.Run, bulky = only is { } k ? k == HandlingClass.Bulky : (bool?)null }, cancellationToken: ct))).ToList();
        var selected = kind is not null && node is not null
            ? await conn.QuerySingleOrDefaultAsync<NodeLoadRow>(new CommandDefinition($"""
                SELECT {NodeLoadRow.Columns}, peak_utilization
                FROM plan_node_loads WHERE plan_run_id = @Run AND kind = @kind AND node = @node AND carrier IS NOT DISTINCT FROM @carrier
                """, new { current.Run, kind, node, carrier }, cancellationToken: ct))
            : top.FirstOrDefault();

        body.Append($"<p>Run <a href=\"/ops/runs/{current.Run}\">{current.Run}</a>, the latest published for {Html.E(current.Code)}.</p>");
        if (selected is not null)
        {
            var alerts = (await conn.QueryAsync<AlertRange>(new CommandDefinition("""
                SELECT a.level, a.starts_at, a.ends_at, a.body->>'reason' AS reason
                FROM alerts a JOIN campaigns c ON c.id = a.campaign_id
                WHERE c.code = @Code AND a.in_force AND a.node = @Node AND a.node_kind = @Kind
                ORDER BY a.starts_at
                """, new { current.Code, selected.Node, selected.Kind }, cancellationToken: ct))).ToList();
            body.Append($"<h2>{Html.E(selected.Kind.Replace('_', ' '))} {Html.E(selected.Node)}{(selected.Carrier is null ? "" : $" ({Html.E(selected.Carrier)})")}</h2>");
            body.Append(Chart(selected, alerts, current.HorizonStart, new DateTimeOffset(DateTime.SpecifyKind(current.HorizonStartUtc, DateTimeKind.Utc))));
        }
        var filter = string.Join(" · ", new[] { ((string?)null, "every class"), (HandlingClasses.Parcel, "parcels"), (HandlingClasses.Bulky, "bulky goods") }.Select(f =>
            f.Item1 == (only is { } h ? HandlingClasses.Name(h) : null) ? $"<b>{f.Item2}</b>"
            : $"<a href=\"/ops/network?campaign={Uri.EscapeDataString(current.Code)}{(f.Item1 is null ? "" : $"&handling={f.Item1}")}\">{f.Item2}</a>"));
        body.Append($"<h2>Most loaded nodes (peak forecast P90 over capacity)</h2><p class=\"filter\">Show: {filter}</p><table><tr><th>node</th><th>kind</th><th>carrier</th><th class=\"num\">peak utilisation</th><th class=\"num\">forecast P90</th><th class=\"num\">shaved plan</th></tr>");
        foreach (var l in top)
        {
            var link = $"/ops/network?campaign={Uri.EscapeDataString(current.Code)}&kind={Uri.EscapeDataString(l.Kind)}&node={Uri.EscapeDataString(l.Node)}{(l.Carrier is null ? "" : $"&carrier={Uri.EscapeDataString(l.Carrier)}")}";
            body.Append($"<tr><td><a href=\"{link}\">{Html.E(l.Node)}</a></td><td>{Html.E(l.Kind.Replace('_', ' '))}</td><td>{Html.E(l.Carrier)}</td>" +
                        $"<td class=\"num{(l.PeakUtilization >= 1 ? " failed" : "")}\">{l.PeakUtilization:P0}</td><td class=\"num\">{l.UnshavedP90.Sum():N0}</td><td class=\"num\">{l.Planned.Sum():N0}</td></tr>");
        }
        body.Append("</table>");
        // Ops' contingency plans, tried before anything is published (a read-only key only looks).
        if (!Auth.Caller.From(http.User).ReadOnly) body.Append(WhatIfPage.Form(http, current.Code));
        return Html.Page(http, $"Network · {current.Code}", body.ToString(), error is null ? null : $"The what-if was not queued: {error}");
    }

    /// <summary>Hourly lines: forecast P50 and P90 as they would arrive, the shaved plan, capacity as a step; alerts as shaded ranges.</summary>
    private static string Chart(NodeLoadRow l, IReadOnlyList<AlertRange> alerts, DateOnly horizonStart, DateTimeOffset startUtc)
    {
        const double width = 1100, height = 260, left = 50, top = 10, bottom = 30;
        var hours = l.UnshavedP50.Length;
        var capacity = l.Capacity?.Select(c => c >= Planning.SnapshotReader.Unconstrained ? (double?)null : c).ToArray();
        var max = new[] { l.UnshavedP90.DefaultIfEmpty(0).Max(), l.Planned.DefaultIfEmpty(0).Max(), (float)(capacity?.Max() ?? 0) }.Max();
        max = Math.Max(1, max * 1.1f);
        double X(double h) => left + h * (width - left - 10) / Math.Max(1, hours);
        double Y(double v) => top + (height - top - bottom) * (1 - v / max);
        string F(double v) => v.ToString("0.0", CultureInfo.InvariantCulture);
        var svg = new StringBuilder($"<svg role=\"img\" aria-label=\"load and capacity by hour\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" style=\"background:#fff;border:1px solid #e3e6ea\">");
        foreach (var a in alerts)
        {
            var from = (new DateTimeOffset(DateTime.SpecifyKind(a.StartsAt, DateTimeKind.Utc)) - startUtc).TotalHours;
            var to = (new DateTimeOffset(DateTime.SpecifyKind(a.EndsAt, DateTimeKind.Utc)) - startUtc).TotalHours;
            var fill = a.Level switch { AlertLevel.Blocked => "#ffc9c9", AlertLevel.Warning => "#ffd8a8", _ => "#fff3c4" };
            svg.Append($"<rect class=\"alert {AlertLevels.Name(a.Level)}\" x=\"{F(X(from))}\" y=\"{top}\" width=\"{F(X(to) - X(from))}\" height=\"{F(height - top - bottom)}\" fill=\"{fill}\"><title>{Html.E(AlertLevels.Name(a.Level))}: {Html.E(a.Reason)}</title></rect>");
        }
        for (var d = 0; d * 24 <= hours; d++)
        {
            var x = X(d * 24);
            svg.Append($"<line x1=\"{F(x)}\" y1=\"{top}\" x2=\"{F(x)}\" y2=\"{F(height - bottom)}\" stroke=\"#eee\"/>");
            if (d * 24 < hours) svg.Append($"<text x=\"{F(x + 2)}\" y=\"{F(height - 12)}\" font-size=\"10\">{horizonStart.AddDays(d):MM-dd}</text>");
        }
        svg.Append($"<text x=\"2\" y=\"{F(Y(max / 1.1) + 4)}\" font-size=\"10\">{max / 1.1:N0}</text><text x=\"2\" y=\"{F(height - bottom)}\" font-size=\"10\">0</text>");
        string Line(IEnumerable<double?> values, string colour, string name, string dash = "", double stroke = 1.5)
        {
            var path = new StringBuilder();
            var pen = false;
            var h = 0;
            foreach (var v in values)
            {
                if (v is { } y) { path.Append(pen ? " L" : " M").Append(F(X(h))).Append(',').Append(F(Y(y))).Append(" L").Append(F(X(h + 1))).Append(',').Append(F(Y(y))); pen = true; }
                else pen = false;
                h++;
            }
            return path.Length == 0 ? "" : $"<path class=\"{name}\" d=\"{path}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"{stroke}\"{(dash.Length > 0 ? $" stroke-dasharray=\"{dash}\"" : "")}><title>{name}</title></path>";
        }
        svg.Append(Line(l.UnshavedP90.Select(v => (double?)v), "#e8590c", "forecast P90", "4 2"));
        svg.Append(Line(l.UnshavedP50.Select(v => (double?)v), "#f08c00", "forecast P50"));
        svg.Append(Line(l.Planned.Select(v => (double?)v), "#1c7ed6", "shaved plan", stroke: 2.5));
        if (capacity is not null) svg.Append(Line(capacity, "#343a40", "capacity", "6 3", 2));
        svg.Append("</svg>");
        svg.Append("<p><span style=\"color:#f08c00\">— forecast P50</span> · <span style=\"color:#e8590c\">- - forecast P90</span> · <span style=\"color:#1c7ed6\"><b>— shaved plan</b></span> · <span>- - capacity</span> · shaded: alerts (<span style=\"background:#fff3c4\">watch</span> <span style=\"background:#ffd8a8\">warning</span> <span style=\"background:#ffc9c9\">blocked</span>)</p>");
        return svg.ToString();
    }
}
