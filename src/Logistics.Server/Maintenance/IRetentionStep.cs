using Npgsql;

namespace Logistics.Server.Maintenance;

/// <summary>
/// A feature's share of retention: it deletes its own rows older than the period and keeps what is
/// still referred to. The retention job runs every registered step by <see cref="Stage"/>, each in
/// its own transaction and idempotent, so a retry finishes what a failure left.
/// </summary>
internal interface IRetentionStep
{
    RetentionStage Stage { get; }

    /// <summary>What it removes, as the job's summary names it (snake case).</summary>
    string Removes { get; }

    /// <returns>how many it removed.</returns>
    Task<long> RemoveAsync(NpgsqlConnection conn, int days, CancellationToken ct);
}
