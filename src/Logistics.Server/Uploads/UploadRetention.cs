using Logistics.Server.Maintenance;

namespace Logistics.Server.Uploads;

/// <summary>Rejected and failed uploads: their errors were there to read for the whole period. Accepted ones are the provenance of capacity and signals, and stay.</summary>
internal static class UploadRetention
{
    public static IRetentionStep Step { get; } = new StatementRetention(RetentionStage.Standalone, "uploads", $"""
        DELETE FROM uploads
        WHERE status IN ('{UploadStates.Rejected}', '{UploadStates.Failed}') AND created_at < now() - make_interval(days => @days)
        """);
}
