using Logistics.Server.Uploads;
using Npgsql;

namespace Logistics.Server.Maintenance;

/// <summary>Staging tables of loads that finished or crashed (the intake's), but a direct load's second half its request may still attach.</summary>
internal sealed class StagingRetention : IRetentionStep
{
    public RetentionStage Stage => RetentionStage.Standalone;
    public string Removes => "staging_tables";

    public Task<long> RemoveAsync(NpgsqlConnection conn, int days, CancellationToken ct) => DropLeftoversAsync(conn, ct);

    /// <summary>
    /// Staging tables whose upload has finished or no longer exists (a crash between load and drop),
    /// except a direct load's second half that its request may still attach (it holds the upload's lock).
    /// </summary>
    internal static Task<long> DropLeftoversAsync(NpgsqlConnection conn, CancellationToken ct) =>
        StagingLeftovers.DropAsync(conn, LeftoverStaging, ct);

    /// <summary>
    /// Staging tables (staging.u_ID for demand, staging.capacity_ID, and staging.capacity_ID_b, the
    /// second half of a direct capacity load) of uploads that have finished or no longer exist. Never
    /// a partition: a table attached to a real table is data, not staging. (A second half is committed
    /// just before its request attaches it: the job checks the request's lock before dropping one.)
    /// </summary>
    private const string LeftoverStaging = $$"""
        SELECT c.relname
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'staging' AND c.relkind = 'r' AND NOT c.relispartition
          AND c.relname ~ '^(u_[0-9a-f]{32}|capacity_[0-9a-f]{32}(_b)?)$'
          AND NOT EXISTS (SELECT 1 FROM uploads u
                          WHERE u.id = CASE WHEN c.relname ~ '^(u|capacity)_[0-9a-f]{32}' THEN substring(c.relname FROM '[0-9a-f]{32}')::uuid END
                            AND u.status IN ('{{UploadStates.Queued}}', '{{UploadStates.Processing}}'))
        ORDER BY c.relname
        """;
}
