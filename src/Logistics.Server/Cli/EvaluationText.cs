using System.Globalization;
using System.Text;
using Logistics.Scenarios.Evaluation;

namespace Logistics.Server.Cli;

/// <summary>The replay's scores as a person reads them: the headline, then a line per run.</summary>
internal static class EvaluationText
{
    public static string Render(EvaluationReport r)
    {
        var inv = CultureInfo.InvariantCulture;
        var o = new StringBuilder();
        var all = r.Overall;
        o.AppendLine(inv, $"Replay of {r.Campaign} ({r.Scale}, seed {r.Seed}): {r.Runs.Count} planning runs, one after each pre-sale day; realised demand spread around the forecast at hub-day WAPE {r.HubDayWape:0.000}.");
        o.AppendLine(Headline(all));
        o.AppendLine(inv, $"  had every run known each node's realised total (not its days): precision {r.KnownTotals.BlockedPrecision:P1}, recall {r.KnownTotals.BlockedRecall:P1}; the rest of the gap is the world's day-to-day noise");
        if (r.Classes is not null)
        {
            o.AppendLine();
            o.AppendLine(ClassRows(r));
        }
        o.AppendLine();
        o.AppendLine("  as of        blocked  warning  delay  precision  recall  ≥48h ahead  overload cut  late    churn  alerts/merchant (median, max)");
        foreach (var run in r.Runs)
        {
            var f = run.Figures;
            o.AppendLine(inv, $"  {run.AsOf:yyyy-MM-dd} {f.BlockedAlerts,9:N0} {f.WarningAlerts,8:N0} {f.DelayNotices,6:N0} {f.BlockedPrecision,10:P1} {f.BlockedRecall,7:P1} {f.Warned48hShare,11:P1} {f.OverloadReduction,13:P1} {f.LateShareFollowing,6:P2} {f.ChurnShare,7:P1}  {f.AlertsPerMerchantMedian:0}, {f.AlertsPerMerchantMax}");
        }
        return o.ToString().TrimEnd();
    }

    /// <summary>Each handling class's figures over all runs, a row each (empty for a world without bulky goods).</summary>
    public static string ClassRows(EvaluationReport r)
    {
        if (r.Classes is not { } classes) return "";
        var inv = CultureInfo.InvariantCulture;
        var o = new StringBuilder();
        o.AppendLine("  class    overloaded h  precision  recall  ≥48h ahead  overload cut  late    churn  alerts/merchant (median, max)  contradictions");
        foreach (var c in classes)
        {
            var f = c.Figures;
            o.AppendLine(inv, $"  {c.Handling,-8} {f.OverloadedHours,12:N0} {f.BlockedPrecision,10:P1} {f.BlockedRecall,7:P1} {f.Warned48hShare,11:P1} {f.OverloadReduction,13:P1} {f.LateShareFollowing,6:P2} {f.ChurnShare,7:P1}  {f.AlertsPerMerchantMedian,14:0}, {f.AlertsPerMerchantMax,-14} {f.Contradictions}");
        }
        return o.ToString().TrimEnd();
    }

    /// <summary>The figures over all runs together, in a few lines with their units.</summary>
    public static string Headline(EvaluationFigures f)
    {
        var inv = CultureInfo.InvariantCulture;
        return string.Join(Environment.NewLine,
            string.Create(inv, $"  blocked alerts: precision {f.BlockedPrecision:P1}, recall {f.BlockedRecall:P1} of {f.OverloadedHours:N0} truly overloaded node-hours"),
            string.Create(inv, $"  warned at least 48 h ahead: {f.Warned48hShare:P1} of them (lead median {f.LeadHoursMedian:0} h, 10th percentile {f.LeadHoursP10:0} h)"),
            string.Create(inv, $"  following the windows cuts parcel-hours over capacity by {f.OverloadReduction:P1} ({f.OverloadParcelHoursIgnoring:N0} → {f.OverloadParcelHoursFollowing:N0}); late parcels {f.LateShareFollowing:P2}"),
            string.Create(inv, $"  churn {f.ChurnShare:P1} of alerts (another {f.MergedShare:P1} merged into longer ones); alerts per merchant over the campaign: median {f.AlertsPerMerchantMedian:0}, max {f.AlertsPerMerchantMax}; contradictions {f.Contradictions}"));
    }
}
