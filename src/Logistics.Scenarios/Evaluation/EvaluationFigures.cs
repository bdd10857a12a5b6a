namespace Logistics.Scenarios.Evaluation;

/// <summary>
/// The scores of one planning run of a replay, or of all runs together. Blocked precision and recall
/// are per node-hour against the realised truth (a parcel handed over then, as merchants would ship
/// without the service, waits more than the blocked wait); lead hours run from the first run that
/// published a blocked or warning alert covering a truly overloaded hour to that hour; overload is the
/// realised parcel-hours queued beyond capacity at handover nodes; churn is the share of alerts created
/// and cleared again within 24 h while their hours were still ahead, withdrawing advice; merged is the
/// share cleared in that time because a longer alert of their node now covers their hours at their level
/// or above (the merchant's advice stands, under the longer alert's id).
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
    double OverloadParcelHoursFollowing,
    double MergedShare);
