using Logistics.Server.Maintenance;

namespace Logistics.Server.Planning;

/// <summary>Old runs nothing refers to: not published now, and no alert or event kept names them.</summary>
internal static class RunRetention
{
    public static IRetentionStep Step { get; } = new StatementRetention(RetentionStage.Runs, "runs", """
        DELETE FROM plan_runs r
        WHERE r.started_at < now() - make_interval(days => @days)
          AND NOT EXISTS (SELECT 1 FROM publications p WHERE p.plan_run_id = r.id)
          AND NOT EXISTS (SELECT 1 FROM alerts a WHERE a.plan_run_id = r.id)
          AND NOT EXISTS (SELECT 1 FROM alert_events e WHERE e.plan_run_id = r.id)
        """);
}
