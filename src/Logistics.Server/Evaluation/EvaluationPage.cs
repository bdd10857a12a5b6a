using System.Globalization;
using System.Text;
using System.Text.Json;
using Logistics.Server.Dashboard;
using Npgsql;

namespace Logistics.Server.Evaluation;

/// <summary>/ops/evaluation: the newest replay of each campaign, its headline and a line per run.</summary>
internal static class EvaluationPage
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static async Task<IResult> RenderAsync(HttpContext http, NpgsqlDataSource db, CancellationToken ct)
    {
        var body = new StringBuilder("<p>Each planning run of a replayed campaign (one after each pre-sale day), scored against the demand that really came: " +
                                     "<code>logistics evaluate</code>, or the demo. Goals: blocked precision and recall ≥ 0.9, ≥ 90 % of overloaded hours warned 48 h ahead, " +
                                     "following the windows cuts overload by ≥ 80 % with ≤ 1 % late, churn ≤ 5 %, median merchant ≤ 10 alerts, no contradiction.</p>");
        var stored = await EvaluationStore.LatestAsync(db, ct);
        if (stored.Count == 0) body.Append("<p>No replay yet: run <code>logistics evaluate --store</code> or the demo.</p>");
        foreach (var s in stored)
        {
            var r = JsonDocument.Parse(s.Report).RootElement;
            double F(JsonElement e, string name) => e.GetProperty(name).GetDouble();
            body.Append(Inv, $"<h2>{Html.E(s.Campaign)} ({Html.E(s.Scale)}, seed {s.Seed}), replayed {Html.Time(new DateTimeOffset(DateTime.SpecifyKind(s.CreatedAt, DateTimeKind.Utc)))}</h2>");
            body.Append("<div class=\"cards evaluation\">");
            foreach (var (label, value) in new[]
                     {
                         ("blocked precision", F(r, "blocked_precision").ToString("P1", Inv)), ("blocked recall", F(r, "blocked_recall").ToString("P1", Inv)),
                         ("warned ≥ 48 h ahead", F(r, "warned_48h_share").ToString("P1", Inv)), ("overload cut", F(r, "overload_reduction").ToString("P1", Inv)),
                         ("late following", F(r, "late_share_following").ToString("P2", Inv)), ("churn (withdrawn)", F(r, "churn_share").ToString("P1", Inv)),
                         // Replays stored before merges were told apart have no such figure (their churn counted them).
                         ("merged into longer alerts", r.TryGetProperty("merged_share", out var merged) ? merged.GetDouble().ToString("P1", Inv) : "not recorded"),
                         ("alerts per merchant (median)", F(r, "alerts_per_merchant_median").ToString("0", Inv)), ("contradictions", F(r, "contradictions").ToString("0", Inv)),
                     })
                body.Append($"<div class=\"card\">{Html.E(label)}<b>{Html.E(value)}</b></div>");
            body.Append("</div>");
            // A world with bulky goods: each handling class over all runs, a row each.
            if (r.TryGetProperty("classes", out var classes))
            {
                body.Append("<table class=\"classes\"><tr><th>class</th><th class=\"num\">overloaded node-hours</th><th class=\"num\">precision</th><th class=\"num\">recall</th><th class=\"num\">warned ≥ 48 h</th><th class=\"num\">overload cut</th><th class=\"num\">late</th><th class=\"num\">churn</th><th class=\"num\">contradictions</th></tr>");
                foreach (var c in classes.EnumerateArray())
                {
                    var f = c.GetProperty("figures");
                    body.Append(Inv, $"<tr><td>{Html.E(c.GetProperty("handling").GetString())}</td><td class=\"num\">{F(f, "overloaded_hours"):N0}</td><td class=\"num\">{F(f, "blocked_precision"):P1}</td><td class=\"num\">{F(f, "blocked_recall"):P1}</td>" +
                                     $"<td class=\"num\">{F(f, "warned_48h_share"):P1}</td><td class=\"num\">{F(f, "overload_reduction"):P1}</td><td class=\"num\">{F(f, "late_share_following"):P2}</td><td class=\"num\">{F(f, "churn_share"):P1}</td><td class=\"num\">{F(f, "contradictions"):0}</td></tr>");
                }
                body.Append("</table>");
            }
            body.Append("<table><tr><th>as of</th><th class=\"num\">blocked</th><th class=\"num\">warning</th><th class=\"num\">delay</th><th class=\"num\">precision</th><th class=\"num\">recall</th><th class=\"num\">overload cut</th><th class=\"num\">late</th><th class=\"num\">churn</th></tr>");
            foreach (var run in r.GetProperty("runs").EnumerateArray())
            {
                var f = run.GetProperty("figures");
                body.Append(Inv, $"<tr><td>{Html.E(run.GetProperty("as_of").GetString())}</td><td class=\"num\">{F(f, "blocked_alerts"):N0}</td><td class=\"num\">{F(f, "warning_alerts"):N0}</td><td class=\"num\">{F(f, "delay_notices"):N0}</td>" +
                                 $"<td class=\"num\">{F(f, "blocked_precision"):P1}</td><td class=\"num\">{F(f, "blocked_recall"):P1}</td><td class=\"num\">{F(f, "overload_reduction"):P1}</td><td class=\"num\">{F(f, "late_share_following"):P2}</td><td class=\"num\">{F(f, "churn_share"):P1}</td></tr>");
            }
            body.Append("</table>");
        }
        return Html.Page(http, "Replays against what really happened", body.ToString());
    }
}
