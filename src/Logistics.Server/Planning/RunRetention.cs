using Logistics.Server.Maintenance;
using Npgsql;

namespace Logistics.Server.Planning;

/// <summary>Old runs nothing refers to: not published now, and no alert or event kept names them.</summary>
internal sealed class RunRetention : IRetentionStep
{
    public RetentionStage Stage => RetentionStage.Runs;
    public string Removes => "runs";

    public Task<long> RemoveAsync(NpgsqlConnection conn, int days, CancellationToken ct) => RetentionPeriod.ExecuteAsync(conn, Sql, days, ct);

    private const string Sql = """
        DELETE FROM plan_runs r
        WHERE r.started_at < now() - make_interval(days => @days)
          AND NOT EXISTS (SELECT 1 FROM publications p WHERE p.plan_run_id = r.id)
          AND NOT EXISTS (SELECT 1 FROM alerts a WHERE a.plan_run_id = r.id)
          AND NOT EXISTS (SELECT 1 FROM alert_events e WHERE e.plan_run_id = r.id)
        """;
}
