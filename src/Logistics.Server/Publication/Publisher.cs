using System.Text.Json;
using Dapper;
using Logistics.Server.Storage;
using Npgsql;
using NpgsqlTypes;

namespace Logistics.Server.Publication;

/// <summary>
/// Publishes a run inside the caller's transaction: windows, the alerts in force (diffed against the
/// previous publication into created / updated / cleared events), the feed positions, and the switch
/// of the campaign's publication — all or nothing. Readers see the old run or the new one.
/// </summary>
internal static class Publisher
{
    public const string Channel = "logistics_publication";
    internal const string FeedLock = "alert-feed-positions";

    /// <summary>The newest position ever issued: the newest event, or the newest one retention removed.</summary>
    internal const string FeedHeadSql = """
        SELECT greatest((SELECT coalesce(max(position), 0) FROM alert_events),
                        (SELECT coalesce(max(through), 0) FROM alert_feed_trims WHERE feed = 'all'))
        """;
    private static readonly TimeSpan CopyTimeout = TimeSpan.FromMinutes(30);

    private sealed record Existing(long Id, string AlertKey, int Version, bool InForce, bool NetworkWide, string Body, DateTime FirstPublished);

    public static async Task<PublishResult> PublishAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Publication p, DateTimeOffset now, CancellationToken ct)
    {
        var campaignId = await conn.ExecuteScalarAsync<long?>(new CommandDefinition("SELECT id FROM campaigns WHERE code = @Campaign", p, tx, cancellationToken: ct))
            ?? throw new InvalidOperationException($"no campaign '{p.Campaign}'");
        await conn.ExecuteLockAsync(tx, $"publish:{campaignId}", ct);   // one publisher per campaign at a time
        var ids = await CodeIds.LoadAsync(conn, tx, ct);

        await CopyWindowsAsync(conn, p, ids, ct);

        var existing = (await conn.QueryAsync<Existing>(new CommandDefinition(
            "SELECT id, alert_key, version, in_force, network_wide, body::text AS body, first_published FROM alerts WHERE campaign_id = @campaignId",
            new { campaignId }, tx, cancellationToken: ct))).ToDictionary(e => e.AlertKey);
        var inForceNow = p.AlertsInForce.OrderBy(a => a.Key, StringComparer.Ordinal).ToList();

        // Set-based, a statement per step rather than per alert (national runs have tens of thousands):
        // 1. an id for every alert never seen before, numbered in key order.
        var fresh = inForceNow.Where(a => !existing.ContainsKey(a.Key)).ToList();
        var newIds = fresh.Count == 0 ? [] : (await conn.QueryAsync<(string Key, long Id)>(new CommandDefinition("""
            INSERT INTO alerts (campaign_id, alert_key, version, in_force, network_wide, level, carrier, node, node_kind, starts_at, ends_at, body, first_published, plan_run_id)
            SELECT @campaignId, t.key, 1, false, t.network_wide, t.level, t.carrier, t.node, t.node_kind, t.starts_at, t.ends_at, '{}', @now, @PlanRunId
            FROM unnest(@keys, @networkWide, @levels, @carriers, @nodes, @kinds, @starts, @ends)
                 AS t(key, network_wide, level, carrier, node, node_kind, starts_at, ends_at)
            ORDER BY t.key COLLATE "C"
            RETURNING alert_key, id
            """, new
        {
            campaignId, now, p.PlanRunId,
            keys = fresh.Select(a => a.Key).ToArray(), networkWide = fresh.Select(a => a.NetworkWide).ToArray(),
            levels = fresh.Select(a => a.Level).ToArray(), carriers = fresh.Select(a => a.Carrier).ToArray(),
            nodes = fresh.Select(a => a.Node).ToArray(), kinds = fresh.Select(a => a.NodeKind).ToArray(),
            starts = fresh.Select(a => a.Start.UtcDateTime).ToArray(), ends = fresh.Select(a => a.End.UtcDateTime).ToArray(),
        }, tx, cancellationToken: ct))).ToDictionary(r => r.Key, r => r.Id);

        // 2. bodies and events, in memory.
        var events = new List<(long AlertId, string Kind, AlertBody Body, bool NetworkWide, IReadOnlyList<string> Merchants)>();
        var saves = new List<(AlertBody Body, bool NetworkWide, bool InForce)>();
        var states = new List<(long Id, string? State)>();
        var audiences = new List<(long Id, PublishedAlert Alert)>();
        var inForce = new HashSet<string>();
        foreach (var a in inForceNow)
        {
            inForce.Add(a.Key);
            existing.TryGetValue(a.Key, out var old);
            var wasInForce = old is { InForce: true };
            var oldBody = old is null ? null : JsonSerializer.Deserialize<AlertBody>(old.Body, AlertBody.Json)!;
            var first = wasInForce ? new DateTimeOffset(DateTime.SpecifyKind(old!.FirstPublished, DateTimeKind.Utc)) : now;
            var id = old?.Id ?? newIds[a.Key];
            var body = new AlertBody(id, a.Level, a.Carrier, a.Node, a.NodeKind, a.Start, a.End, new ForecastParcels(Round(a.ForecastP50), Round(a.ForecastP90)),
                Round(a.CapacityParcels), double.IsFinite(a.Utilization) ? Math.Round(a.Utilization, 3) : null, a.Reason, a.Advice, first, (old?.Version ?? 0) + 1, p.PlanRunId, p.Campaign);
            states.Add((id, a.State));
            audiences.Add((id, a));   // who it concerns may shift without news for anyone
            if (wasInForce && oldBody!.SameAdviceAs(body)) continue;
            saves.Add((body, a.NetworkWide, true));
            events.Add((id, wasInForce ? "updated" : "created", body, a.NetworkWide, a.Merchants));
        }
        var cleared = existing.Values.Where(e => e.InForce && !inForce.Contains(e.AlertKey)).OrderBy(e => e.AlertKey, StringComparer.Ordinal).ToList();
        var clearedIds = cleared.Select(e => e.Id).ToArray();
        var clearedAudience = (await conn.QueryAsync<(long AlertId, string Merchant)>(new CommandDefinition("""
            SELECT a.alert_id, m.code FROM alert_audience a JOIN merchants m ON m.id = a.merchant_id
            WHERE a.alert_id = ANY(@clearedIds) ORDER BY a.alert_id, m.code COLLATE "C"
            """, new { clearedIds }, tx, cancellationToken: ct))).ToLookup(r => r.AlertId, r => r.Merchant);
        foreach (var old in cleared)
        {
            var body = JsonSerializer.Deserialize<AlertBody>(old.Body, AlertBody.Json)! with { Version = old.Version + 1, PlanRun = p.PlanRunId };
            saves.Add((body, old.NetworkWide, false));
            events.Add((old.Id, "cleared", body, old.NetworkWide, clearedAudience[old.Id].ToList()));
        }

        // 3. write them: states, new versions, audiences.
        await conn.ExecuteAsync(new CommandDefinition("""
            UPDATE alerts a SET state = t.state::jsonb
            FROM unnest(@ids, @states) AS t(id, state)
            WHERE a.id = t.id
            """, new { ids = states.Select(s => s.Id).ToArray(), states = states.Select(s => s.State).ToArray() }, tx, cancellationToken: ct));
        await SaveAsync(conn, tx, saves, ct);
        await ReplaceAudiencesAsync(conn, tx, audiences, clearedIds, ids, ct);

        var head = await AppendEventsAsync(conn, tx, campaignId, p.PlanRunId, now, events, ids, ct);
        await conn.ExecuteAsync(new CommandDefinition("""
            INSERT INTO publications (campaign_id, plan_run_id, published_at) VALUES (@campaignId, @PlanRunId, @now)
            ON CONFLICT (campaign_id) DO UPDATE SET plan_run_id = excluded.plan_run_id, published_at = excluded.published_at
            """, new { campaignId, p.PlanRunId, now }, tx, cancellationToken: ct));
        // Delivered at commit, never for a rolled-back publication.
        await conn.ExecuteAsync(new CommandDefinition("SELECT pg_notify(@Channel, @payload)",
            new { Channel, payload = JsonSerializer.Serialize(new { campaign = p.Campaign, run = p.PlanRunId, head }) }, tx, cancellationToken: ct));

        return new PublishResult(events.Count(e => e.Kind == "created"), events.Count(e => e.Kind == "updated"), events.Count(e => e.Kind == "cleared"), head);
    }

    private static double Round(double v) => Math.Round(v, 1);

    private static Task SaveAsync(NpgsqlConnection conn, NpgsqlTransaction tx, List<(AlertBody Body, bool NetworkWide, bool InForce)> saves, CancellationToken ct) =>
        saves.Count == 0 ? Task.CompletedTask : conn.ExecuteAsync(new CommandDefinition("""
            UPDATE alerts a SET version = t.version, in_force = t.in_force, network_wide = t.network_wide, level = t.level, carrier = t.carrier,
                   node = t.node, node_kind = t.node_kind, starts_at = t.starts_at, ends_at = t.ends_at, body = t.body::jsonb,
                   first_published = t.first_published, plan_run_id = t.plan_run_id
            FROM unnest(@ids, @versions, @inForce, @networkWide, @levels, @carriers, @nodes, @kinds, @starts, @ends, @bodies, @firsts, @runs)
                 AS t(id, version, in_force, network_wide, level, carrier, node, node_kind, starts_at, ends_at, body, first_published, plan_run_id)
            WHERE a.id = t.id
            """, new
        {
            ids = saves.Select(s => s.Body.Id).ToArray(), versions = saves.Select(s => s.Body.Version).ToArray(),
            inForce = saves.Select(s => s.InForce).ToArray(), networkWide = saves.Select(s => s.NetworkWide).ToArray(),
            levels = saves.Select(s => s.Body.Level).ToArray(), carriers = saves.Select(s => s.Body.Carrier).ToArray(),
            nodes = saves.Select(s => s.Body.Node).ToArray(), kinds = saves.Select(s => s.Body.NodeKind).ToArray(),
            starts = saves.Select(s => s.Body.Start.UtcDateTime).ToArray(), ends = saves.Select(s => s.Body.End.UtcDateTime).ToArray(),
            bodies = saves.Select(s => JsonSerializer.Serialize(s.Body, AlertBody.Json)).ToArray(),
            firsts = saves.Select(s => s.Body.FirstPublished.UtcDateTime).ToArray(), runs = saves.Select(s => s.Body.PlanRun).ToArray(),
        }, tx, cancellationToken: ct));

    /// <summary>Every alert in force gets its audience anew (none when network-wide); a cleared alert concerns no one any more.</summary>
    private static async Task ReplaceAudiencesAsync(NpgsqlConnection conn, NpgsqlTransaction tx, List<(long Id, PublishedAlert Alert)> audiences, long[] cleared, CodeIds ids, CancellationToken ct)
    {
        var touched = audiences.Select(a => a.Id).Concat(cleared).ToArray();
        await conn.ExecuteAsync(new CommandDefinition("DELETE FROM alert_audience WHERE alert_id = ANY(@touched)", new { touched }, tx, cancellationToken: ct));
        await using var copy = await conn.BeginBinaryImportAsync("COPY alert_audience (alert_id, merchant_id) FROM STDIN (FORMAT BINARY)", ct);
        copy.Timeout = CopyTimeout;
        foreach (var (id, a) in audiences)
        {
            if (a.NetworkWide) continue;
            foreach (var m in a.Merchants.Select(ids.Merchant).Distinct())
            {
                await copy.StartRowAsync(ct);
                await copy.WriteAsync(id, NpgsqlDbType.Bigint, ct);
                await copy.WriteAsync(m, NpgsqlDbType.Bigint, ct);
            }
        }
        await copy.CompleteAsync(ct);
    }

    private static async Task<long> AppendEventsAsync(NpgsqlConnection conn, NpgsqlTransaction tx, long campaignId, long runId, DateTimeOffset now,
        List<(long AlertId, string Kind, AlertBody Body, bool NetworkWide, IReadOnlyList<string> Merchants)> events, CodeIds ids, CancellationToken ct)
    {
        // Held to commit: a concurrent publisher numbers its events only after ours are visible,
        // so a poller that has read up to N never later finds a new event below N.
        await conn.ExecuteLockAsync(tx, FeedLock, ct);
        // Past what retention removed too: a position is never issued twice.
        var head = await conn.ExecuteScalarAsync<long>(new CommandDefinition(FeedHeadSql, transaction: tx, cancellationToken: ct));
        if (events.Count == 0) return head;

        await using (var copy = await conn.BeginBinaryImportAsync(
            "COPY alert_events (position, campaign_id, alert_id, kind, version, network_wide, body, plan_run_id, published_at) FROM STDIN (FORMAT BINARY)", ct))
        {
            copy.Timeout = CopyTimeout;
            var position = head;
            foreach (var e in events)
            {
                await copy.StartRowAsync(ct);
                await copy.WriteAsync(++position, NpgsqlDbType.Bigint, ct);
                await copy.WriteAsync(campaignId, NpgsqlDbType.Bigint, ct);
                await copy.WriteAsync(e.AlertId, NpgsqlDbType.Bigint, ct);
                await copy.WriteAsync(e.Kind, NpgsqlDbType.Text, ct);
                await copy.WriteAsync(e.Body.Version, NpgsqlDbType.Integer, ct);
                await copy.WriteAsync(e.NetworkWide, NpgsqlDbType.Boolean, ct);
                await copy.WriteAsync(JsonSerializer.Serialize(e.Body, AlertBody.Json), NpgsqlDbType.Jsonb, ct);
                await copy.WriteAsync(runId, NpgsqlDbType.Bigint, ct);
                await copy.WriteAsync(now, NpgsqlDbType.TimestampTz, ct);
            }
            await copy.CompleteAsync(ct);
        }
        await using (var copy = await conn.BeginBinaryImportAsync("COPY alert_event_audience (merchant_id, position) FROM STDIN (FORMAT BINARY)", ct))
        {
            copy.Timeout = CopyTimeout;
            var position = head;
            foreach (var e in events)
            {
                position++;
                if (e.NetworkWide) continue;
                foreach (var m in e.Merchants.Select(ids.Merchant).Distinct())
                {
                    await copy.StartRowAsync(ct);
                    await copy.WriteAsync(m, NpgsqlDbType.Bigint, ct);
                    await copy.WriteAsync(position, NpgsqlDbType.Bigint, ct);
                }
            }
            await copy.CompleteAsync(ct);
        }
        return head + events.Count;
    }

    private static async Task CopyWindowsAsync(NpgsqlConnection conn, Publication p, CodeIds ids, CancellationToken ct)
    {
        await using var copy = await conn.BeginBinaryImportAsync(
            "COPY shipment_windows (plan_run_id, merchant_id, warehouse_id, carrier_id, hub_id, starts_at, ends_at, max_parcels) FROM STDIN (FORMAT BINARY)", ct);
        copy.Timeout = CopyTimeout;
        foreach (var w in p.Windows)
        {
            await copy.StartRowAsync(ct);
            await copy.WriteAsync(p.PlanRunId, NpgsqlDbType.Bigint, ct);
            await copy.WriteAsync(ids.Merchant(w.Merchant), NpgsqlDbType.Bigint, ct);
            await copy.WriteAsync(ids.Warehouse(w.Warehouse), NpgsqlDbType.Bigint, ct);
            await copy.WriteAsync(ids.Carrier(w.Carrier), NpgsqlDbType.Bigint, ct);
            await copy.WriteAsync(ids.Hub(w.Hub), NpgsqlDbType.Bigint, ct);
            await copy.WriteAsync(w.Start, NpgsqlDbType.TimestampTz, ct);
            await copy.WriteAsync(w.End, NpgsqlDbType.TimestampTz, ct);
            await copy.WriteAsync(w.MaxParcels, NpgsqlDbType.Integer, ct);
        }
        await copy.CompleteAsync(ct);
    }
}
