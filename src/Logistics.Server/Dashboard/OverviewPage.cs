using System.Globalization;
using System.Text;
using Quartz;
using Quartz.Extensibility;

namespace Logistics.Server.Dashboard;

/// <summary>Cluster nodes, triggers by state, and the last 24 hours of runs by outcome.</summary>
internal static class OverviewPage
{
    public static async Task<IResult> RenderAsync(HttpContext http, ISchedulerFactory schedulers, IExecutionHistoryStore history, TimeProvider clock, CancellationToken ct)
    {
        var scheduler = await schedulers.GetScheduler(ct);
        var now = clock.GetUtcNow();
        var nodes = await scheduler.QueryClusterNodes(ct);
        var triggers = await scheduler.QueryTriggers(new TriggerQuery { Take = 1000 }, ct);
        var states = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var t in triggers.Items)
        {
            var state = (await scheduler.GetTriggerState(t.Key, ct)).ToString();
            states[state] = states.GetValueOrDefault(state) + 1;
        }
        var stats = await history.QueryExecutionStatistics(new ExecutionStatisticsQuery
        {
            SchedulerName = scheduler.SchedulerName,
            FiredFrom = now.AddHours(-24),
            BucketSize = TimeSpan.FromHours(1),
        }, ct);

        var body = new StringBuilder();
        var totals = (ok: stats.Buckets.Sum(b => b.SucceededCount), failed: stats.Buckets.Sum(b => b.FailedCount), skipped: stats.Buckets.Sum(b => b.SkippedCount));
        body.Append($"""
            <div class="cards">
            <div class="card">nodes<b>{nodes.Count}</b></div>
            <div class="card">runs, last 24 h<b>{stats.Buckets.Sum(b => b.RunCount)}</b></div>
            <div class="card ok">succeeded<b>{totals.ok}</b></div>
            <div class="card failed">failed<b>{totals.failed}</b></div>
            <div class="card skipped">skipped<b>{totals.skipped}</b></div>
            </div>
            <h2>Runs per hour, last 24 hours</h2>{Chart(stats.Buckets, now)}
            <h2>Cluster nodes</h2><table><tr><th>node</th><th>state</th><th>last check-in</th><th>check-in interval</th></tr>
            """);
        foreach (var n in nodes)
            body.Append($"<tr><td>{Html.E(n.InstanceId)}{(n.IsCurrentNode ? " (this node)" : "")}</td><td>{n.State}</td><td>{Html.Time(n.LastCheckInUtc)}</td><td>{(n.CheckInInterval is { } i ? Html.Duration(i) : "—")}</td></tr>");
        body.Append("</table><h2>Triggers by state</h2><table><tr><th>state</th><th class=\"num\">triggers</th></tr>");
        foreach (var (state, count) in states)
            body.Append($"<tr><td>{Html.E(state)}</td><td class=\"num\">{count}</td></tr>");
        body.Append("</table>");
        return Html.Page(http, "Overview", body.ToString());
    }

    /// <summary>An inline SVG of stacked bars per hour: succeeded (green), failed (red), skipped (amber).</summary>
    private static string Chart(IReadOnlyList<ExecutionStatisticsBucket> buckets, DateTimeOffset now)
    {
        const int width = 720, height = 140, bar = 26;
        var start = new DateTimeOffset(now.UtcDateTime.Date.AddHours(now.UtcDateTime.Hour), TimeSpan.Zero).AddHours(-23);
        var byHour = buckets.ToDictionary(b => b.StartUtc.ToUniversalTime());
        var max = Math.Max(1, buckets.Select(b => b.RunCount).DefaultIfEmpty(0).Max());
        var svg = new StringBuilder($"<svg role=\"img\" aria-label=\"runs per hour\" width=\"{width}\" height=\"{height + 20}\" viewBox=\"0 0 {width} {height + 20}\">");
        for (var i = 0; i < 24; i++)
        {
            var hour = start.AddHours(i);
            byHour.TryGetValue(hour, out var b);
            var x = 10 + i * (bar + 3);
            var y = (double)height;
            foreach (var (count, colour, label) in new[] { (b?.SucceededCount ?? 0, "#2e7d32", "succeeded"), (b?.FailedCount ?? 0, "#c0392b", "failed"), (b?.SkippedCount ?? 0, "#d4a017", "skipped") })
            {
                if (count == 0) continue;
                var h = count * (height - 10.0) / max;
                y -= h;
                svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{x}\" y=\"{y:0.0}\" width=\"{bar}\" height=\"{h:0.0}\" fill=\"{colour}\"><title>{hour:HH}:00 {count} {label}</title></rect>");
            }
            if (i % 3 == 0) svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{x}\" y=\"{height + 14}\" font-size=\"10\">{hour:HH}:00</text>");
        }
        return svg.Append("</svg>").ToString();
    }
}
