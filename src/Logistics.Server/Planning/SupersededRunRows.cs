using Logistics.Server.Maintenance;
using Npgsql;

namespace Logistics.Server.Planning;

/// <summary>
/// A feature's per-run rows (windows, node loads, lane loads) of old runs that are no longer any
/// campaign's published run. The published run's rows are kept whatever their age.
/// </summary>
internal sealed class SupersededRunRows(string table) : IRetentionStep
{
    private readonly string _sql = $"""
        DELETE FROM {table} x
        USING plan_runs r
        WHERE x.plan_run_id = r.id
          AND r.started_at < now() - make_interval(days => @days)
          AND NOT EXISTS (SELECT 1 FROM publications p WHERE p.plan_run_id = r.id)
        """;

    public RetentionStage Stage => RetentionStage.RunRows;
    public string Removes { get; } = table.Replace("plan_", "", StringComparison.Ordinal);

    public Task<long> RemoveAsync(NpgsqlConnection conn, int days, CancellationToken ct) => RetentionPeriod.ExecuteAsync(conn, _sql, days, ct);
}
