using System.Text.Json.Serialization;

namespace Logistics.Scenarios.Evaluation;

/// <summary>
/// A whole replay: every run, the figures of all runs together, and the blocked rule's figures with each
/// node's realised total known; in a world with bulky goods, also each handling class's figures apart.
/// </summary>
public sealed record EvaluationReport(
    string Scale,
    ulong Seed,
    string Campaign,
    string TimeZone,
    double HubDayWape,
    int Merchants,
    EvaluationFigures Overall,
    IReadOnlyList<EvaluationRun> Runs,
    KnownTotals KnownTotals,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<ClassFigures>? Classes = null)
{
    // Flattened for `--json`: the headline figures at the top level.
    public int Contradictions => Overall.Contradictions;
    public double BlockedPrecision => Overall.BlockedPrecision;
    public double BlockedRecall => Overall.BlockedRecall;
    public double Warned48hShare => Overall.Warned48hShare;
    public double LeadHoursMedian => Overall.LeadHoursMedian;
    public double LeadHoursP10 => Overall.LeadHoursP10;
    public double OverloadReduction => Overall.OverloadReduction;
    public double LateShareFollowing => Overall.LateShareFollowing;
    public double ChurnShare => Overall.ChurnShare;
    public double MergedShare => Overall.MergedShare;
    public double AlertsPerMerchantMedian => Overall.AlertsPerMerchantMedian;
    public int AlertsPerMerchantMax => Overall.AlertsPerMerchantMax;
}
