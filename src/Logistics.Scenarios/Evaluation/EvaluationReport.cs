namespace Logistics.Scenarios.Evaluation;

/// <summary>
/// The scores of one planning run of a replay, or of all runs together. Blocked precision and recall
/// are per node-hour against the realised truth (a parcel handed over then, as merchants would ship
/// without the service, waits more than the blocked wait); lead hours run from the first run that
/// published a blocked or warning alert covering a truly overloaded hour to that hour; overload is the
/// realised parcel-hours queued beyond capacity at handover nodes; churn is the share of alerts created
/// and cleared again within 24 h while their hours were still ahead.
/// </summary>
public sealed record EvaluationFigures(
    int Contradictions,
    double BlockedPrecision,
    double BlockedRecall,
    double Warned48hShare,
    double LeadHoursMedian,
    double LeadHoursP10,
    double OverloadReduction,
    double LateShareFollowing,
    double ChurnShare,
    double AlertsPerMerchantMedian,
    int AlertsPerMerchantMax,
    int BlockedAlerts,
    int WarningAlerts,
    int DelayNotices,
    double OverloadedHours,
    double OverloadParcelHoursIgnoring,
    double OverloadParcelHoursFollowing);

/// <summary>One run of the replay: its as-of date and time (UTC), and its figures.</summary>
public sealed record EvaluationRun(DateOnly AsOf, DateTimeOffset RunAt, int RunHour, EvaluationFigures Figures);

/// <summary>A whole replay: every run, the figures of all runs together, and the blocked rule's figures with each node's realised total known.</summary>
public sealed record EvaluationReport(
    string Scale,
    ulong Seed,
    string Campaign,
    string TimeZone,
    double HubDayWape,
    int Merchants,
    EvaluationFigures Overall,
    IReadOnlyList<EvaluationRun> Runs,
    KnownTotals KnownTotals)
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
    public double AlertsPerMerchantMedian => Overall.AlertsPerMerchantMedian;
    public int AlertsPerMerchantMax => Overall.AlertsPerMerchantMax;
}
