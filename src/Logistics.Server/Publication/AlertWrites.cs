using System.Text.Json;
using Dapper;
using Npgsql;
using NpgsqlTypes;

namespace Logistics.Server.Publication;

/// <summary>
/// The publisher's writes to alerts and their audiences, set-based: a national run has tens of
/// thousands of alerts, and a statement per alert made publishing take minutes.
/// </summary>
internal static class AlertWrites
{
    /// <summary>
    /// One alert's new row. Body null: nothing a merchant sees changed, only the engine's state is
    /// kept. KeepState: a cleared alert keeps the state it had.
    /// </summary>
    public sealed record Row(long Id, AlertBody? Body, bool NetworkWide, bool InForce, string? State, bool KeepState = false);

    /// <summary>Inserts the alerts seen for the first time (version 0 until updated below) and returns their ids by key.</summary>
    public static async Task<Dictionary<string, long>> InsertNewAsync(NpgsqlConnection conn, NpgsqlTransaction tx, long campaignId, long runId,
        DateTimeOffset now, IReadOnlyList<PublishedAlert> fresh, CancellationToken ct)
    {
        if (fresh.Count == 0) return [];
        var rows = await conn.QueryAsync<(long Id, string Key)>(new CommandDefinition("""
            INSERT INTO alerts (campaign_id, alert_key, version, in_force, network_wide, level, carrier, node, node_kind, starts_at, ends_at, body, first_published, plan_run_id)
            SELECT @campaignId, t.key, 1, false, t.network_wide, t.level, t.carrier, t.node, t.node_kind, t.starts_at, t.ends_at, '{}', @now, @runId
            FROM unnest(@keys, @networkWide, @levels, @carriers, @nodes, @nodeKinds, @starts, @ends)
                 AS t(key, network_wide, level, carrier, node, node_kind, starts_at, ends_at)
            RETURNING id, alert_key
            """, new
        {
            campaignId, runId, now,
            keys = fresh.Select(a => a.Key).ToArray(),
            networkWide = fresh.Select(a => a.NetworkWide).ToArray(),
            levels = fresh.Select(a => a.Level).ToArray(),
            carriers = fresh.Select(a => a.Carrier).ToArray(),
            nodes = fresh.Select(a => a.Node).ToArray(),
            nodeKinds = fresh.Select(a => a.NodeKind).ToArray(),
            starts = fresh.Select(a => a.Start.ToUniversalTime()).ToArray(),
            ends = fresh.Select(a => a.End.ToUniversalTime()).ToArray(),
        }, tx, cancellationToken: ct));
        return rows.ToDictionary(r => r.Key, r => r.Id, StringComparer.Ordinal);
    }

    /// <summary>Every alert's new version (or only its state), in one UPDATE from a binary COPY.</summary>
    public static async Task UpdateAsync(NpgsqlConnection conn, NpgsqlTransaction tx, IReadOnlyList<Row> rows, CancellationToken ct)
    {
        if (rows.Count == 0) return;
        await conn.ExecuteAsync(new CommandDefinition("""
            CREATE TEMP TABLE alert_writes (
                id bigint, save boolean, keep_state boolean, state jsonb, version integer, in_force boolean, network_wide boolean,
                level text, carrier text, node text, node_kind text, starts_at timestamptz, ends_at timestamptz,
                body jsonb, first_published timestamptz, plan_run_id bigint
            ) ON COMMIT DROP
            """, transaction: tx, cancellationToken: ct));
        await using (var copy = await conn.BeginBinaryImportAsync("COPY alert_writes FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var r in rows)
            {
                await copy.StartRowAsync(ct);
                await copy.WriteAsync(r.Id, NpgsqlDbType.Bigint, ct);
                await copy.WriteAsync(r.Body is not null, NpgsqlDbType.Boolean, ct);
                await copy.WriteAsync(r.KeepState, NpgsqlDbType.Boolean, ct);
                await WriteNullableAsync(copy, r.State, NpgsqlDbType.Jsonb, ct);
                if (r.Body is not { } b)
                {
                    for (var i = 0; i < 12; i++) await copy.WriteNullAsync(ct);
                    continue;
                }
                await copy.WriteAsync(b.Version, NpgsqlDbType.Integer, ct);
                await copy.WriteAsync(r.InForce, NpgsqlDbType.Boolean, ct);
                await copy.WriteAsync(r.NetworkWide, NpgsqlDbType.Boolean, ct);
                await copy.WriteAsync(b.Level, NpgsqlDbType.Text, ct);
                await WriteNullableAsync(copy, b.Carrier, NpgsqlDbType.Text, ct);
                await copy.WriteAsync(b.Node, NpgsqlDbType.Text, ct);
                await copy.WriteAsync(b.NodeKind, NpgsqlDbType.Text, ct);
                await copy.WriteAsync(b.Start.ToUniversalTime(), NpgsqlDbType.TimestampTz, ct);
                await copy.WriteAsync(b.End.ToUniversalTime(), NpgsqlDbType.TimestampTz, ct);
                await copy.WriteAsync(JsonSerializer.Serialize(b, AlertBody.Json), NpgsqlDbType.Jsonb, ct);
                await copy.WriteAsync(b.FirstPublished.ToUniversalTime(), NpgsqlDbType.TimestampTz, ct);
                await copy.WriteAsync(b.PlanRun, NpgsqlDbType.Bigint, ct);
            }
            await copy.CompleteAsync(ct);
        }
        await conn.ExecuteAsync(new CommandDefinition("""
            UPDATE alerts a SET
                state           = CASE WHEN w.keep_state THEN a.state ELSE w.state END,
                version         = CASE WHEN w.save THEN w.version ELSE a.version END,
                in_force        = CASE WHEN w.save THEN w.in_force ELSE a.in_force END,
                network_wide    = CASE WHEN w.save THEN w.network_wide ELSE a.network_wide END,
                level           = CASE WHEN w.save THEN w.level ELSE a.level END,
                carrier         = CASE WHEN w.save THEN w.carrier ELSE a.carrier END,
                node            = CASE WHEN w.save THEN w.node ELSE a.node END,
                node_kind       = CASE WHEN w.save THEN w.node_kind ELSE a.node_kind END,
                starts_at       = CASE WHEN w.save THEN w.starts_at ELSE a.starts_at END,
                ends_at         = CASE WHEN w.save THEN w.ends_at ELSE a.ends_at END,
                body            = CASE WHEN w.save THEN w.body ELSE a.body END,
                first_published = CASE WHEN w.save THEN w.first_published ELSE a.first_published END,
                plan_run_id     = CASE WHEN w.save THEN w.plan_run_id ELSE a.plan_run_id END
            FROM alert_writes w
            WHERE a.id = w.id
            """, transaction: tx, commandTimeout: 0, cancellationToken: ct));
    }

    /// <summary>Who each of these alerts concerned, before it is cleared (the cleared event goes to the same merchants).</summary>
    public static async Task<Dictionary<long, IReadOnlyList<string>>> AudiencesAsync(NpgsqlConnection conn, NpgsqlTransaction tx, long[] alertIds, CancellationToken ct)
    {
        if (alertIds.Length == 0) return [];
        var rows = await conn.QueryAsync<(long AlertId, string Code)>(new CommandDefinition("""
            SELECT a.alert_id, m.code FROM alert_audience a JOIN merchants m ON m.id = a.merchant_id
            WHERE a.alert_id = ANY(@alertIds) ORDER BY a.alert_id, m.code
            """, new { alertIds }, tx, cancellationToken: ct));
        return rows.GroupBy(r => r.AlertId).ToDictionary(g => g.Key, g => (IReadOnlyList<string>)g.Select(r => r.Code).ToList());
    }

    /// <summary>Replaces the audiences of the alerts in force and drops those of the cleared ones.</summary>
    public static async Task ReplaceAudiencesAsync(NpgsqlConnection conn, NpgsqlTransaction tx,
        IReadOnlyList<(long AlertId, PublishedAlert Alert)> inForce, IEnumerable<long> cleared, CodeIds ids, CancellationToken ct)
    {
        var touched = inForce.Select(a => a.AlertId).Concat(cleared).ToArray();
        if (touched.Length == 0) return;
        await conn.ExecuteAsync(new CommandDefinition("DELETE FROM alert_audience WHERE alert_id = ANY(@touched)", new { touched }, tx, commandTimeout: 0, cancellationToken: ct));
        await using var copy = await conn.BeginBinaryImportAsync("COPY alert_audience (alert_id, merchant_id) FROM STDIN (FORMAT BINARY)", ct);
        foreach (var (alertId, a) in inForce)
        {
            if (a.NetworkWide) continue;
            foreach (var merchant in a.Merchants.Select(ids.Merchant).Distinct())
            {
                await copy.StartRowAsync(ct);
                await copy.WriteAsync(alertId, NpgsqlDbType.Bigint, ct);
                await copy.WriteAsync(merchant, NpgsqlDbType.Bigint, ct);
            }
        }
        await copy.CompleteAsync(ct);
    }

    private static Task WriteNullableAsync(NpgsqlBinaryImporter copy, string? value, NpgsqlDbType type, CancellationToken ct) =>
        value is null ? copy.WriteNullAsync(ct) : copy.WriteAsync(value, type, ct);
}
