using Logistics.Server.Maintenance;

namespace Logistics.Server.Alerts;

/// <summary>Cleared alerts of old runs whose every event has been trimmed: nothing can show them any more. Alerts in force are kept whatever their age.</summary>
internal static class ClearedAlertRetention
{
    public static IRetentionStep Step { get; } = new StatementRetention(RetentionStage.Alerts, "alerts", """
        DELETE FROM alerts a
        USING plan_runs r
        WHERE r.id = a.plan_run_id
          AND NOT a.in_force
          AND r.started_at < now() - make_interval(days => @days)
          AND NOT EXISTS (SELECT 1 FROM alert_events e WHERE e.alert_id = a.id)
        """);
}
