using System.Text;
using Microsoft.AspNetCore.Mvc;
using Quartz;

namespace Logistics.Server.Dashboard;

/// <summary>Jobs and their triggers; trigger now, pause, resume, edit a cron (previewed), delete a one-off trigger.</summary>
internal static class JobsPage
{
    public static async Task<IResult> RenderAsync(HttpContext http, ISchedulerFactory schedulers, [FromQuery] string? flash, CancellationToken ct)
    {
        var scheduler = await schedulers.GetScheduler(ct);
        var jobs = await scheduler.QueryJobs(new JobQuery { Take = 1000 }, ct);
        var body = new StringBuilder("<table><tr><th>job</th><th>trigger</th><th>state</th><th>schedule</th><th>previous fire</th><th>next fire</th><th></th></tr>");
        foreach (var job in jobs.Items.OrderBy(j => j.Key.Group, StringComparer.Ordinal).ThenBy(j => j.Key.Name, StringComparer.Ordinal))
        {
            var jobFields = new Dictionary<string, string> { ["group"] = job.Key.Group, ["name"] = job.Key.Name };
            var triggers = (await scheduler.QueryTriggers(new TriggerQuery { Job = job.Key, Take = 100 }, ct)).Items;
            var jobCell = $"<td rowspan=\"{Math.Max(1, triggers.Count)}\"><b>{Html.E(job.Key.ToString())}</b><br><small>{Html.E(job.Description)}</small><br>{Html.Action(http, "/ops/jobs/trigger", "Trigger now", jobFields)}</td>";
            if (triggers.Count == 0)
                body.Append($"<tr>{jobCell}<td colspan=\"6\">no trigger: runs only when triggered</td></tr>");
            var first = true;
            foreach (var header in triggers.OrderBy(t => t.Key.Name, StringComparer.Ordinal))
            {
                var state = header.State;
                var t = await scheduler.GetTrigger(header.Key, ct);
                if (t is null) continue;   // fired and gone since the listing
                var fields = new Dictionary<string, string> { ["group"] = t.Key.Group, ["name"] = t.Key.Name };
                var schedule = t is ICronTrigger cron
                    ? $"<code>{Html.E(cron.CronExpressionString)}</code><br><small>{Html.E(CronText.Describe(cron.CronExpressionString ?? ""))}</small>"
                    : "one-off";
                var actions = new StringBuilder();
                actions.Append(state == TriggerState.Paused
                    ? Html.Action(http, "/ops/triggers/resume", "Resume", fields)
                    : Html.Action(http, "/ops/triggers/pause", "Pause", fields));
                if (t is ICronTrigger && !Dashboard.Caller(http).ReadOnly)
                    actions.Append($"<a href=\"/ops/jobs/cron?group={Uri.EscapeDataString(t.Key.Group)}&name={Uri.EscapeDataString(t.Key.Name)}\">Edit schedule</a>");
                else if (t is not ICronTrigger)
                    actions.Append(Html.Action(http, "/ops/triggers/delete", "Delete", fields, "danger"));
                body.Append($"<tr>{(first ? jobCell : "")}<td>{Html.E(t.Key.ToString())}</td><td>{state}</td><td>{schedule}</td><td>{Html.Time(header.PreviousFireTimeUtc)}</td><td>{Html.Time(header.NextFireTimeUtc)}</td><td>{actions}</td></tr>");
                first = false;
            }
        }
        body.Append("</table>");
        return Html.Page(http, "Jobs and triggers", body.ToString(), flash);
    }

    /// <summary>The cron editor: validates the expression and shows the next five fire times before anything is saved.</summary>
    public static async Task<IResult> CronFormAsync(HttpContext http, ISchedulerFactory schedulers, [FromQuery] string group, [FromQuery] string name, [FromQuery] string? cron, TimeProvider clock, CancellationToken ct)
    {
        var scheduler = await schedulers.GetScheduler(ct);
        if (await scheduler.GetTrigger(new TriggerKey(name, group), ct) is not ICronTrigger trigger)
            return Results.NotFound();
        var proposed = cron ?? trigger.CronExpressionString ?? "";
        var preview = new StringBuilder();
        var valid = false;
        try
        {
            var expression = new CronExpression(proposed, TimeZoneInfo.Utc);
            var next = clock.GetUtcNow();
            preview.Append($"<p>{Html.E(CronText.Describe(proposed))}. Next five fire times (UTC):</p><ol>");
            for (var i = 0; i < 5 && expression.GetNextValidTimeAfter(next) is { } at; i++, next = at)
                preview.Append($"<li>{Html.Time(at)}</li>");
            preview.Append("</ol>");
            valid = true;
        }
        catch (FormatException e)
        {
            preview.Append($"<p class=\"error\" role=\"alert\">Not a valid cron expression: {Html.E(e.Message)}</p>");
        }
        var key = $"group={Uri.EscapeDataString(group)}&name={Uri.EscapeDataString(name)}";
        var save = valid && cron is not null
            ? Html.Action(http, "/ops/triggers/cron", "Save this schedule", new Dictionary<string, string> { ["group"] = group, ["name"] = name, ["cron"] = proposed })
            : "";
        var body = $"""
            <p>Trigger <b>{Html.E(trigger.Key.ToString())}</b> of job <b>{Html.E(trigger.JobKey.ToString())}</b>, now <code>{Html.E(trigger.CronExpressionString)}</code>.</p>
            <form method="get" action="/ops/jobs/cron"><input type="hidden" name="group" value="{Html.E(group)}"><input type="hidden" name="name" value="{Html.E(name)}">
            <label>Cron (seconds minutes hours day-of-month month day-of-week) <input type="text" name="cron" value="{Html.E(proposed)}"></label>
            <button>Preview</button></form>{preview}{save}<p><a href="/ops/jobs">Back to jobs</a></p>
            """;
        return Html.Page(http, "Edit schedule", body);
    }

    public static void MapActions(RouteGroupBuilder act)
    {
        act.MapPost("/jobs/trigger", async ([FromForm] string group, [FromForm] string name, ISchedulerFactory s, CancellationToken ct) =>
        {
            var scheduler = await s.GetScheduler(ct);
            var key = new JobKey(name, group);
            if (!await scheduler.Exists(key, ct)) return Results.NotFound();
            await scheduler.TriggerJob(key, new JobDataMap(), ct);
            return Back($"Triggered {key}: it runs on the next free worker.");
        });
        act.MapPost("/triggers/pause", async ([FromForm] string group, [FromForm] string name, ISchedulerFactory s, CancellationToken ct) =>
        {
            await (await s.GetScheduler(ct)).PauseTrigger(new TriggerKey(name, group), ct);
            return Back($"Paused {group}.{name}.");
        });
        act.MapPost("/triggers/resume", async ([FromForm] string group, [FromForm] string name, ISchedulerFactory s, CancellationToken ct) =>
        {
            await (await s.GetScheduler(ct)).ResumeTrigger(new TriggerKey(name, group), ct);
            return Back($"Resumed {group}.{name}.");
        });
        act.MapPost("/triggers/delete", async ([FromForm] string group, [FromForm] string name, ISchedulerFactory s, CancellationToken ct) =>
        {
            var scheduler = await s.GetScheduler(ct);
            var key = new TriggerKey(name, group);
            // Only one-off triggers are deleted here; a recurring schedule is paused or edited instead.
            if (await scheduler.GetTrigger(key, ct) is not { } t || t is ICronTrigger) return Results.NotFound();
            await scheduler.UnscheduleJob(key, ct);
            return Back($"Deleted one-off trigger {key}.");
        });
        act.MapPost("/triggers/cron", async ([FromForm] string group, [FromForm] string name, [FromForm] string cron, ISchedulerFactory s, CancellationToken ct) =>
        {
            var scheduler = await s.GetScheduler(ct);
            var key = new TriggerKey(name, group);
            if (await scheduler.GetTrigger(key, ct) is not ICronTrigger old) return Results.NotFound();
            if (!CronExpression.TryParse(cron, out _)) return Results.BadRequest($"not a valid cron expression: {cron}");
            // Stored in the shared job store, so the whole cluster follows the new schedule, restarts included.
            var replacement = TriggerBuilder.Create().WithIdentity(key).ForJob(old.JobKey).WithDescription("edited in the dashboard")
                .WithCronSchedule(cron, c => c.InTimeZone(TimeZoneInfo.Utc)).Build();
            await scheduler.RescheduleJob(key, replacement, ct);
            return Back($"Saved the schedule of {key}: {cron} ({CronText.Describe(cron)}).");
        });
    }

    private static IResult Back(string flash) => Results.Redirect($"/ops/jobs?flash={Uri.EscapeDataString(flash)}");
}
