using System.Text;
using Dapper;
using Hangfire.Dashboard;
using Hangfire.Dashboard.Pages;
using Logistics.Server.Jobs;
using Npgsql;
using H = Logistics.Server.Dashboard.Html;

namespace Logistics.Server.Dashboard;

/// <summary>
/// Hangfire's dashboard page for what Hangfire lacks: every recurring job's schedule with a
/// plain-English reading, pause and resume, a cron editor that shows the next five fires before
/// anything is saved, and a planning run now or at a given time. Read-only keys see it without forms.
/// </summary>
internal sealed class SchedulesPage : RazorPage
{
    private const int PreviewFires = 5;

    public override void Execute()
    {
        Layout = new LayoutPage("Schedules");
        var http = Context.GetHttpContext();
        var schedules = http.RequestServices.GetRequiredService<JobSchedules>();
        var now = http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
        var rows = schedules.ListAsync(http.RequestAborted).GetAwaiter().GetResult().ToDictionary(r => r.JobId);
        var self = Url.To(HangfireDashboard.SchedulesRoute);
        var canAct = !IsReadOnly;

        var body = new StringBuilder("<div class=\"row\"><div class=\"col-md-12\"><h1 class=\"page-header\">Schedules</h1>");
        if (Query("flash") is { Length: > 0 } flash) body.Append($"<div class=\"alert alert-success flash\">{H.E(flash)}</div>");
        if (Query("error") is { Length: > 0 } error) body.Append($"<div class=\"alert alert-danger error\" role=\"alert\">{H.E(error)}</div>");
        body.Append("""
            <p>Recurring schedules in UTC (a cron has 5 fields, or 6 with seconds first; day-of-week 0-6 from Sunday).
            A paused job is not in Hangfire's Recurring jobs list until it is resumed. Every edit applies to the whole cluster and survives restarts.</p>
            <table class="table schedules"><thead><tr><th>job</th><th>schedule</th><th>state</th><th>next fire (UTC)</th><th>last fire (UTC)</th><th></th></tr></thead><tbody>
            """);
        foreach (var job in schedules.Declared.OrderBy(j => j.Id, StringComparer.Ordinal))
        {
            var row = rows.GetValueOrDefault(job.Id);
            var cron = row?.Cron ?? job.DefaultCron;
            var paused = row?.Paused ?? false;
            var hangfire = paused ? null : schedules.Hangfire(job.Id);
            var actions = new StringBuilder();
            if (canAct)
            {
                actions.Append(Form(http, paused ? ScheduleCommands.Resume : ScheduleCommands.Pause, paused ? "Resume" : "Pause", ("job", job.Id)));
                actions.Append($" <a class=\"btn btn-default btn-sm\" href=\"{self}?edit={Uri.EscapeDataString(job.Id)}\">Edit schedule</a>");
            }
            body.Append($"<tr data-job=\"{H.E(job.Id)}\"><td><b>{H.E(job.Id)}</b><br><small>{H.E(job.Description)}</small></td>" +
                        $"<td><code>{H.E(cron)}</code><br><small>{H.E(CronText.Describe(cron))}</small><br><small>set by {H.E(row?.ChangedBy ?? ScheduleAuthors.Default)}</small></td>" +
                        $"<td class=\"state\">{(paused ? "<span class=\"label label-warning\">paused</span>" : "<span class=\"label label-success\">active</span>")}</td>" +
                        $"<td>{H.Time(Utc(hangfire?.NextExecution))}</td><td>{H.Time(Utc(hangfire?.LastExecution))}</td><td>{actions}</td></tr>");
        }
        body.Append("</tbody></table>");

        if (Query("edit") is { Length: > 0 } edit && schedules.Find(edit) is { } editing && canAct)
            body.Append(Editor(http, editing, rows.GetValueOrDefault(edit)?.Cron ?? editing.DefaultCron, Query("cron"), now, self));

        if (canAct) body.Append(Planning(http));
        body.Append("<p><a href=\"/ops\">Ops overview</a> · <a href=\"/ops/runs\">Planning runs (kept for the retention period)</a></p></div></div>");
        WriteLiteral(body.ToString());
    }

    /// <summary>The cron editor: the proposed cron read aloud and its next fires, and only then a Save button.</summary>
    private static string Editor(HttpContext http, RecurringJobDefinition job, string current, string? proposed, DateTimeOffset now, string self)
    {
        var shown = proposed ?? current;
        var preview = new StringBuilder();
        if (proposed is not null)
        {
            if (CronSchedule.TryParse(proposed, out var cron, out var error))
            {
                preview.Append($"<div class=\"preview\"><p>{H.E(CronText.Describe(proposed.Trim()))}. Next {PreviewFires} fires (UTC):</p><ol class=\"fires\">");
                foreach (var at in CronSchedule.Next(cron, now, RecurringJobDefinition.TimeZone, PreviewFires))
                    preview.Append($"<li>{H.Time(at)}</li>");
                preview.Append("</ol>");
                preview.Append(Form(http, ScheduleCommands.SaveCron, "Save this schedule", ("job", job.Id), ("cron", proposed.Trim())));
                preview.Append("</div>");
            }
            else preview.Append($"<p class=\"text-danger error\" role=\"alert\">Not a valid cron expression: {H.E(error)}</p>");
        }
        return $"""
            <h2 id="edit">Edit the schedule of {H.E(job.Id)}</h2><p>Now <code>{H.E(current)}</code> ({H.E(CronText.Describe(current))}); default <code>{H.E(job.DefaultCron)}</code>.</p>
            <form method="get" action="{self}" class="form-inline"><input type="hidden" name="edit" value="{H.E(job.Id)}">
            <label>Cron <input type="text" class="form-control" name="cron" value="{H.E(shown)}"></label>
            <button type="submit" class="btn btn-default">Preview</button></form>{preview}
            """;
    }

    /// <summary>A planning run now, or once at a given time, of one campaign or every active one.</summary>
    private static string Planning(HttpContext http)
    {
        using var conn = http.RequestServices.GetRequiredService<NpgsqlDataSource>().OpenConnection();
        var campaigns = conn.Query<string>("SELECT code FROM campaigns WHERE horizon_end >= (now() AT TIME ZONE time_zone)::date ORDER BY horizon_start, code").AsList();
        var options = "<option value=\"\">every active campaign</option>" + string.Concat(campaigns.Select(c => $"<option>{H.E(c)}</option>"));
        var select = $"<label>Campaign <select class=\"form-control\" name=\"campaign\">{options}</select></label>";
        return $"""
            <h2>Planning run</h2>
            <form method="post" action="{H.E(http.Request.PathBase + ScheduleCommands.PlanNow)}" class="form-inline plan-now">{H.Token(http)}{select}
            <button type="submit" class="btn btn-primary">Plan now</button></form>
            <form method="post" action="{H.E(http.Request.PathBase + ScheduleCommands.PlanAt)}" class="form-inline plan-at" style="margin-top:1em">{H.Token(http)}{select}
            <label>at (UTC) <input type="datetime-local" class="form-control" name="at" required></label>
            <button type="submit" class="btn btn-default">Schedule one run</button></form>
            <p><small>A scheduled one-off run is listed under Jobs → Scheduled, where it can be run at once or deleted.</small></p>
            """;
    }

    private static DateTimeOffset? Utc(DateTime? t) => t is { } v ? new DateTimeOffset(DateTime.SpecifyKind(v, DateTimeKind.Utc)) : null;

    private static string Form(HttpContext http, string command, string label, params (string Name, string Value)[] fields) =>
        $"<form method=\"post\" action=\"{H.E(http.Request.PathBase + command)}\" style=\"display:inline\">{H.Token(http)}" +
        string.Concat(fields.Select(f => $"<input type=\"hidden\" name=\"{H.E(f.Name)}\" value=\"{H.E(f.Value)}\">")) +
        $"<button type=\"submit\" class=\"btn btn-default btn-sm\">{H.E(label)}</button></form>";
}
