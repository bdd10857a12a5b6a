using Logistics.Server.Maintenance;
using Npgsql;

namespace Logistics.Server.Uploads;

/// <summary>Rejected and failed uploads: their errors were there to read for the whole period. Accepted ones are the provenance of capacity and signals, and stay.</summary>
internal sealed class UploadRetention : IRetentionStep
{
    public RetentionStage Stage => RetentionStage.Standalone;
    public string Removes => "uploads";

    public Task<long> RemoveAsync(NpgsqlConnection conn, int days, CancellationToken ct) => RetentionPeriod.ExecuteAsync(conn, Sql, days, ct);

    private const string Sql = $"""
        DELETE FROM uploads
        WHERE status IN ('{UploadStates.Rejected}', '{UploadStates.Failed}') AND created_at < now() - make_interval(days => @days)
        """;
}
