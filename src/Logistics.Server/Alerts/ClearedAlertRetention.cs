using Logistics.Server.Maintenance;
using Npgsql;

namespace Logistics.Server.Alerts;

/// <summary>Cleared alerts of old runs whose every event has been trimmed: nothing can show them any more. Alerts in force are kept whatever their age.</summary>
internal sealed class ClearedAlertRetention : IRetentionStep
{
    public RetentionStage Stage => RetentionStage.Alerts;
    public string Removes => "alerts";

    public Task<long> RemoveAsync(NpgsqlConnection conn, int days, CancellationToken ct) => RetentionPeriod.ExecuteAsync(conn, Sql, days, ct);

    private const string Sql = """
        DELETE FROM alerts a
        USING plan_runs r
        WHERE r.id = a.plan_run_id
          AND NOT a.in_force
          AND r.started_at < now() - make_interval(days => @days)
          AND NOT EXISTS (SELECT 1 FROM alert_events e WHERE e.alert_id = a.id)
        """;
}
