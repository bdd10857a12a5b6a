using Npgsql;

namespace Logistics.Server.Maintenance;

/// <summary>Staging tables of loads that finished or crashed (the intake's), but a direct load's second half its request may still attach.</summary>
internal sealed class StagingRetention : IRetentionStep
{
    public RetentionStage Stage => RetentionStage.Standalone;
    public string Removes => "staging_tables";

    public Task<long> RemoveAsync(NpgsqlConnection conn, int days, CancellationToken ct) => DropLeftoversAsync(conn, ct);

    /// <summary>Staging tables whose upload has finished or no longer exists (<see cref="StagingLeftovers"/>).</summary>
    internal static Task<long> DropLeftoversAsync(NpgsqlConnection conn, CancellationToken ct) => StagingLeftovers.DropAsync(conn, ct);
}
