using System.Globalization;
using System.Text;
using Hangfire;
using Logistics.Server.Auth;
using Logistics.Server.Capacity;
using Logistics.Server.Planning;
using Logistics.Server.WhatIf;
using Microsoft.AspNetCore.Mvc;
using Npgsql;

namespace Logistics.Server.Dashboard;

/// <summary>The what-if form (on the network page), a what-if's diff, and its "Publish this" button.</summary>
internal static class WhatIfPage
{
    public const string Route = "/ops/runs/what-if";

    /// <summary>One override, as the network page's form asks for it (times in the campaign's zone are fine: the offset is part of each).</summary>
    public static string Form(HttpContext http, string campaign) => $"""
        <h2>What if…</h2>
        <form method="post" action="{Route}" class="whatif">{Html.Token(http)}
          <input type="hidden" name="campaign" value="{Html.E(campaign)}">
          <label>node <input type="text" name="node" required placeholder="hub or warehouse"></label>
          <label>kind <select name="kind"><option value="">all at the node</option><option>sort</option><option>pickup</option><option>outbound</option></select></label>
          <label>from <input type="text" name="from" required placeholder="2026-11-11T00:00:00+08:00"></label>
          <label>to <input type="text" name="to" required placeholder="2026-11-11T12:00:00+08:00"></label>
          <label>parcels an hour <input type="text" name="parcels" placeholder="0"></label> or
          <label>factor <input type="text" name="factor" placeholder="0.7"></label>
          <button type="submit">Run the what-if (publishes nothing)</button>
        </form>
        """;

    public static async Task<IResult> QueueAsync(HttpContext http, NpgsqlDataSource db, IBackgroundJobClient jobs,
        [FromForm] string campaign, [FromForm] string? node, [FromForm] string? kind, [FromForm] string? from, [FromForm] string? to,
        [FromForm] string? parcels, [FromForm] string? factor, CancellationToken ct)
    {
        var caller = Caller.From(http.User);
        if (caller.ReadOnly) return Results.StatusCode(StatusCodes.Status403Forbidden);
        var errors = new List<string>();
        long? p = null;
        double? f = null;
        if (!string.IsNullOrWhiteSpace(parcels))
            if (long.TryParse(parcels, NumberStyles.None, CultureInfo.InvariantCulture, out var n)) p = n; else errors.Add($"parcels '{parcels}' is not a whole number");
        if (!string.IsNullOrWhiteSpace(factor))
            if (double.TryParse(factor, NumberStyles.Float, CultureInfo.InvariantCulture, out var x)) f = x; else errors.Add($"factor '{factor}' is not a number");
        if (errors.Count == 0)
        {
            var queued = await WhatIfEndpoints.EnqueueAsync(campaign, [new CapacityOverrideRequest(node, string.IsNullOrEmpty(kind) ? null : kind, from, to, p, f, null)], caller, db, jobs, ct);
            if (queued.Id is { } id) return Results.Redirect($"{Route}/{id}");
            errors.AddRange(queued.CampaignMissing ? [$"no campaign '{campaign}'"] : queued.Errors);
        }
        return Results.Redirect($"/ops/network?campaign={Uri.EscapeDataString(campaign)}&error={Uri.EscapeDataString(string.Join("; ", errors))}");
    }

    public static async Task<IResult> RenderAsync(HttpContext http, NpgsqlDataSource db, [FromRoute] long id, string? flash, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        if (await WhatIfEndpoints.FindAsync(conn, id, ct) is not { } w) return Results.NotFound();
        var caller = Caller.From(http.User);
        var body = new StringBuilder();
        var pending = w.State is RunStatus.Queued or RunStatus.Running;
        if (pending) body.Append("<meta http-equiv=\"refresh\" content=\"2\">");
        body.Append(CultureInfo.InvariantCulture, $"<p>Campaign <b>{Html.E(w.Campaign)}</b>, <b class=\"status\">{Html.E(w.Status)}</b>, asked {Html.Time(w.Created)}; nothing of it is published.{(w.Error is null ? "" : $" <span class=\"failed\">{Html.E(w.Error)}</span>")}</p>");
        body.Append("<h2>Overrides</h2><table><tr><th>node</th><th>kind</th><th>carrier</th><th>from</th><th>to</th><th class=\"num\">parcels an hour</th><th class=\"num\">factor</th></tr>");
        foreach (var o in w.CapacityOverrides)
            body.Append(CultureInfo.InvariantCulture, $"<tr><td>{Html.E(o.Node)}</td><td>{Html.E(o.Kind ?? "all")}</td><td>{Html.E(o.Carrier)}</td><td>{Html.Time(o.From)}</td><td>{Html.Time(o.To)}</td><td class=\"num\">{o.Parcels}</td><td class=\"num\">{o.Factor}</td></tr>");
        body.Append("</table>");
        if (w.Diff is { } d)
        {
            body.Append(CultureInfo.InvariantCulture, $"""
                <h2>Against the published run {(d.BaseRun is { } b ? $"<a href=\"/ops/runs/{b}\">{b}</a>" : "(none)")}</h2>
                <div class="cards diff">
                <div class="card"><b>{d.AlertsAdded.Count:N0}</b>alerts added</div><div class="card"><b>{d.AlertsRemoved.Count:N0}</b>removed</div>
                <div class="card"><b>{d.AlertsChanged.Count:N0}</b>changed</div><div class="card"><b>{d.MerchantsAffected.Count:N0}</b>merchants affected</div>
                <div class="card"><b>{d.Parcels.Moved:N0}</b>parcels moved</div>
                <div class="card"><b>{d.Parcels.Delayed.After:N0}</b>delayed (was {(d.Parcels.Delayed.Before is { } delayedBefore ? delayedBefore.ToString("N0", CultureInfo.InvariantCulture) : "—")})</div>
                <div class="card"><b>{d.Parcels.Late.After:N0}</b>late (was {(d.Parcels.Late.Before is { } lb ? lb.ToString("N0", CultureInfo.InvariantCulture) : "—")})</div>
                </div>
                """);
            body.Append("<h2>Alerts</h2><table class=\"alerts\"><tr><th>change</th><th>level</th><th>node</th><th>carrier</th><th>from</th><th>to</th><th>region / delay</th></tr>");
            void Row(string change, DiffAlert a, DiffAlert? was = null) => body.Append(CultureInfo.InvariantCulture,
                $"<tr><td>{change}</td><td>{(was is not null && was.Level != a.Level ? $"{Html.E(was.Level)} → " : "")}{Html.E(a.Level)}</td><td>{Html.E(a.NodeKind.Replace('_', ' '))} {Html.E(a.Node)}</td><td>{Html.E(a.Carrier)}</td>" +
                $"<td>{Html.Time(a.Start)}</td><td>{(was is not null && was.End != a.End ? $"{Html.Time(was.End)} → " : "")}{Html.Time(a.End)}</td><td>{Html.E(a.Region)}{(a.DelayHours is { } h ? $" {h} h" : "")}</td></tr>");
            foreach (var a in d.AlertsAdded) Row("added", a);
            foreach (var c in d.AlertsChanged) Row("changed", c.After, c.Before);
            foreach (var a in d.AlertsRemoved) Row("removed", a);
            body.Append("</table><h2>Regions whose delay grows</h2>");
            if (d.RegionsDelayGrowing.Count == 0) body.Append("<p>None.</p>");
            else
            {
                body.Append("<table class=\"regions\"><tr><th>region</th><th>day</th><th class=\"num\">delay h before</th><th class=\"num\">after</th></tr>");
                foreach (var r in d.RegionsDelayGrowing)
                    foreach (var day in r.Days)
                        body.Append(CultureInfo.InvariantCulture, $"<tr><td>{Html.E(r.Region)}</td><td>{day.Date:MMM d}</td><td class=\"num\">{(day.Before is { } x ? x.ToString("0.0", CultureInfo.InvariantCulture) : "∞")}</td><td class=\"num\" style=\"background:{RegionsPage.Colour(day.After)}\">{(day.After is { } y ? y.ToString("0.0", CultureInfo.InvariantCulture) : "∞")}</td></tr>");
                body.Append("</table>");
            }
            body.Append("<h2>Merchants affected</h2><p>" + (d.MerchantsAffected.Count == 0 ? "None." : Html.E(string.Join(", ", d.MerchantsAffected.Merchants)) +
                (d.MerchantsAffected.Count > d.MerchantsAffected.Merchants.Count ? $" and {d.MerchantsAffected.Count - d.MerchantsAffected.Merchants.Count:N0} more" : "")) + "</p>");
            if (w.PublishedUploads.Count > 0) body.Append($"<p>Published as capacity uploads {Html.E(string.Join(", ", w.PublishedUploads))}.</p>");
            else if (!caller.ReadOnly && w.State == RunStatus.Finished)
                body.Append($"<form method=\"post\" action=\"{Route}/{id}/publish\">{Html.Token(http)}<button type=\"submit\" class=\"danger\">Publish this: upload these capacities and plan again</button></form>");
        }
        return Html.Page(http, $"What-if {id}", body.ToString(), flash);
    }

    public static async Task<IResult> PublishAsync(HttpContext http, NpgsqlDataSource db, Uploads.UploadIntake intake, IBackgroundJobClient jobs,
        [FromRoute] long id, CancellationToken ct)
    {
        var caller = Caller.From(http.User);
        if (caller.ReadOnly) return Results.StatusCode(StatusCodes.Status403Forbidden);
        var (published, _, detail) = await WhatIfEndpoints.PublishCoreAsync(id, caller, db, intake, jobs, ct);
        var message = published is null ? $"Not published: {detail}"
            : $"Published as {published.Uploads.Count} capacity upload(s): {string.Join(", ", published.Uploads.Select(u => $"{u.Id} {u.Status}"))}" +
              (published.PlanJobId is { } job ? $"; planning run queued (job {job})." : "; not planned: an upload was not accepted.");
        return Results.Redirect($"{Route}/{id}?flash={Uri.EscapeDataString(message)}");
    }
}
