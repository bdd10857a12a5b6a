using System.Text.Json;
using Dapper;
using Logistics.Server.Ingest;
using Npgsql;

namespace Logistics.Server.Publication;

/// <summary>
/// One alert's row as a publication leaves it: its newest version (<see cref="Json"/> is the body
/// exactly as the API shows it; its event copies it from the row) and, while it is in force, the alert
/// engine's state for the next run.
/// </summary>
internal sealed record AlertRow(string Key, AlertBody Body, bool NetworkWide, bool InForce, string? State)
{
    /// <summary>
    /// Written when sent, not before: a new alert's is written inside its COPY, while PostgreSQL
    /// parses the ones before it.
    /// </summary>
    public string Json => JsonSerializer.Serialize(Body, AlertBody.Json);
}

/// <summary>
/// Writes alert rows set-based, each row once per publication: new alerts copied in whole under ids
/// reserved beforehand (the body names its own id), the others updated in one statement.
/// </summary>
internal static class AlertRows
{
    /// <summary>
    /// Ids for <paramref name="count"/> new alerts, ascending, from the alerts' own identity sequence.
    /// The sequence is looked up once (OFFSET 0 keeps the planner from repeating it for every row,
    /// which took six times as long as the nextval calls themselves).
    /// </summary>
    public static async Task<long[]> ReserveIdsAsync(NpgsqlConnection conn, NpgsqlTransaction tx, int count, CancellationToken ct) =>
        count == 0 ? [] : (await conn.QueryAsync<long>(new CommandDefinition("""
            SELECT nextval(s.seq) FROM (SELECT pg_get_serial_sequence('alerts', 'id')::regclass AS seq OFFSET 0) s, generate_series(1, @count)
            """, new { count }, tx, cancellationToken: ct)))
            .Order().ToArray();

    /// <summary>
    /// New alerts, by binary COPY (a national run's first publication has some 160,000, each with two
    /// JSON documents; sent as parameter arrays and unnested, they cost twice as long).
    /// </summary>
    public static async Task InsertAsync(NpgsqlConnection conn, long campaignId, IReadOnlyList<AlertRow> rows, CancellationToken ct)
    {
        if (rows.Count == 0) return;
        await BinaryCopyWriter.CopyAsync(conn, """
            COPY alerts (id, campaign_id, alert_key, version, in_force, network_wide, level, carrier, node, node_kind, starts_at, ends_at,
                         body, state, first_published, plan_run_id)
            FROM STDIN (FORMAT BINARY)
            """, copy =>
        {
            foreach (var r in rows)
            {
                copy.StartRow(16);
                copy.Write(r.Body.Id);
                copy.Write(campaignId);
                copy.Write(r.Key);
                copy.Write(r.Body.Version);
                copy.WriteBoolean(r.InForce);
                copy.WriteBoolean(r.NetworkWide);
                copy.Write(r.Body.Level);
                if (r.Body.Carrier is null) copy.WriteNull(); else copy.Write(r.Body.Carrier);
                copy.Write(r.Body.Node);
                copy.Write(r.Body.NodeKind);
                copy.WriteTimestamp(r.Body.Start);
                copy.WriteTimestamp(r.Body.End);
                copy.WriteJsonb(r.Json);
                if (r.State is null) copy.WriteNull(); else copy.WriteText(r.State);
                copy.WriteTimestamp(r.Body.FirstPublished);
                copy.Write(r.Body.PlanRun);
            }
        }, ct);
    }

    /// <summary>A new version of each row; an alert no longer in force keeps its last state.</summary>
    public static Task UpdateAsync(NpgsqlConnection conn, NpgsqlTransaction tx, IReadOnlyList<AlertRow> rows, CancellationToken ct) =>
        rows.Count == 0 ? Task.CompletedTask : conn.ExecuteAsync(new CommandDefinition("""
            UPDATE alerts a SET version = t.version, in_force = t.in_force, network_wide = t.network_wide, level = t.level, carrier = t.carrier,
                   node = t.node, node_kind = t.node_kind, starts_at = t.starts_at, ends_at = t.ends_at, body = t.body::jsonb,
                   state = CASE WHEN t.in_force THEN t.state ELSE a.state END,
                   first_published = t.first_published, plan_run_id = t.plan_run_id
            FROM unnest(@ids, @versions, @inForce, @networkWide, @levels, @carriers, @nodes, @kinds, @starts, @ends, @bodies, @states, @firsts, @runs)
                 AS t(id, version, in_force, network_wide, level, carrier, node, node_kind, starts_at, ends_at, body, state, first_published, plan_run_id)
            WHERE a.id = t.id
            """, new
        {
            ids = rows.Select(r => r.Body.Id).ToArray(), versions = rows.Select(r => r.Body.Version).ToArray(),
            inForce = rows.Select(r => r.InForce).ToArray(), networkWide = rows.Select(r => r.NetworkWide).ToArray(),
            levels = rows.Select(r => r.Body.Level).ToArray(), carriers = rows.Select(r => r.Body.Carrier).ToArray(),
            nodes = rows.Select(r => r.Body.Node).ToArray(), kinds = rows.Select(r => r.Body.NodeKind).ToArray(),
            starts = rows.Select(r => r.Body.Start.UtcDateTime).ToArray(), ends = rows.Select(r => r.Body.End.UtcDateTime).ToArray(),
            bodies = rows.Select(r => r.Json).ToArray(), states = rows.Select(r => r.State).ToArray(),
            firsts = rows.Select(r => r.Body.FirstPublished.UtcDateTime).ToArray(), runs = rows.Select(r => r.Body.PlanRun).ToArray(),
        }, tx, commandTimeout: 0, cancellationToken: ct));

    /// <summary>Only the engine's state, of alerts in force whose advice has not changed.</summary>
    public static Task UpdateStatesAsync(NpgsqlConnection conn, NpgsqlTransaction tx, IReadOnlyList<(long Id, string? State)> states, CancellationToken ct) =>
        states.Count == 0 ? Task.CompletedTask : conn.ExecuteAsync(new CommandDefinition("""
            UPDATE alerts a SET state = t.state
            FROM unnest(@ids, @states) AS t(id, state)
            WHERE a.id = t.id
            """, new { ids = states.Select(s => s.Id).ToArray(), states = states.Select(s => s.State).ToArray() }, tx, commandTimeout: 0, cancellationToken: ct));
}
