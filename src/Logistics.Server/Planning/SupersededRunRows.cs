using Logistics.Server.Maintenance;

namespace Logistics.Server.Planning;

/// <summary>
/// A feature's per-run rows (windows, node loads, lane loads) of old runs that are no longer any
/// campaign's published run. The published run's rows are kept whatever their age.
/// </summary>
internal static class SupersededRunRows
{
    /// <summary>The step for <paramref name="table"/>; the summary names it without its "plan_" prefix.</summary>
    public static IRetentionStep For(string table) => new StatementRetention(RetentionStage.RunRows, table.Replace("plan_", "", StringComparison.Ordinal), $"""
        DELETE FROM {table} x
        USING plan_runs r
        WHERE x.plan_run_id = r.id
          AND r.started_at < now() - make_interval(days => @days)
          AND NOT EXISTS (SELECT 1 FROM publications p WHERE p.plan_run_id = r.id)
        """);
}
