using System.Text;
using Microsoft.AspNetCore.Mvc;
using Quartz;
using Quartz.Extensibility;

namespace Logistics.Server.Dashboard;

/// <summary>Executions, newest first, from the history every node writes to the database; filter by job and outcome.</summary>
internal static class HistoryPage
{
    private const int PageSize = 50;

    public static async Task<IResult> RenderAsync(HttpContext http, ISchedulerFactory schedulers, IExecutionHistoryStore history,
        [FromQuery] string? job, [FromQuery] string? outcome, [FromQuery] bool? failed, [FromQuery] int? page, CancellationToken ct)
    {
        var scheduler = await schedulers.GetScheduler(ct);
        var pageNo = Math.Max(0, page ?? 0);
        JobRunResult[]? results = failed == true ? [JobRunResult.Failed]
            : Enum.TryParse<JobRunResult>(outcome, ignoreCase: true, out var r) ? [r] : null;
        var rows = await history.QueryExecutions(new ExecutionHistoryQuery
        {
            SchedulerName = scheduler.SchedulerName,
            JobContains = string.IsNullOrWhiteSpace(job) ? null : job,
            Results = results,
            Skip = pageNo * PageSize,
            Take = PageSize + 1,
        }, ct);
        var items = rows.Items.Take(PageSize).ToList();

        var options = string.Concat(new[] { "", "Succeeded", "Failed", "Skipped", "Cancelled" }
            .Select(o => $"<option{(string.Equals(o, outcome, StringComparison.OrdinalIgnoreCase) ? " selected" : "")}>{o}</option>"));
        var body = new StringBuilder($"""
            <form method="get" action="/ops/history">
            <label>job <input type="text" name="job" value="{Html.E(job)}"></label>
            <label>outcome <select name="outcome">{options}</select></label><button>Filter</button></form>
            <table><tr><th>fired (UTC)</th><th>job</th><th>trigger</th><th>node</th><th class="num">duration</th><th>outcome</th><th>attempt</th><th>message</th></tr>
            """);
        foreach (var e in items)
        {
            var result = e.EffectiveResult;
            var css = result switch { JobRunResult.Succeeded => "ok", JobRunResult.Failed => "failed", JobRunResult.Skipped => "skipped", _ => "" };
            var label = result == JobRunResult.Failed && e.RetryScheduled ? "Failed, retrying" : result.ToString();
            body.Append($"<tr><td>{Html.Time(e.FiredAtUtc)}</td><td>{Html.E($"{e.JobGroup}.{e.JobName}")}</td><td>{Html.E($"{e.TriggerGroup}.{e.TriggerName}")}</td>" +
                        $"<td>{Html.E(e.SchedulerInstanceId)}</td><td class=\"num\">{Html.Duration(e.Duration)}</td><td class=\"{css}\">{label}</td>" +
                        $"<td class=\"num\">{e.RetryAttempt}</td><td>{Html.E(e.ExceptionMessage ?? e.Summary)}</td></tr>");
        }
        if (items.Count == 0) body.Append("<tr><td colspan=\"8\">no executions match</td></tr>");
        body.Append("</table>");
        string Link(int p) => $"/ops/history?job={Uri.EscapeDataString(job ?? "")}&outcome={Uri.EscapeDataString(outcome ?? "")}&failed={(failed == true ? "true" : "")}&page={p}";
        if (pageNo > 0) body.Append($"<a href=\"{Link(pageNo - 1)}\">newer</a> ");
        if (rows.Items.Count > PageSize) body.Append($"<a href=\"{Link(pageNo + 1)}\">older</a>");
        return Html.Page(http, failed == true ? "Failed and retrying runs" : "History", body.ToString());
    }
}
