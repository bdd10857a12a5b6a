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
        var inForce = p.AlertsInForce.OrderBy(a => a.Key, StringComparer.Ordinal).ToList();
        var newIds = await AlertWrites.InsertNewAsync(conn, tx, campaignId, p.PlanRunId, now,
            inForce.Where(a => !existing.ContainsKey(a.Key)).ToList(), ct);

        // The diff, in memory; every write after it is one statement or one COPY, whatever the number of alerts.
        var events = new List<(long AlertId, string Kind, AlertBody Body, bool NetworkWide, IReadOnlyList<string> Merchants)>();
        var writes = new List<AlertWrites.Row>();
        var audience = new List<(long AlertId, PublishedAlert Alert)>();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var a in inForce)
        {
            keys.Add(a.Key);
            existing.TryGetValue(a.Key, out var old);
            var id = old?.Id ?? newIds[a.Key];
            var wasInForce = old is { InForce: true };
            var oldBody = old is null ? null : JsonSerializer.Deserialize<AlertBody>(old.Body, AlertBody.Json)!;
            var first = wasInForce ? new DateTimeOffset(DateTime.SpecifyKind(old!.FirstPublished, DateTimeKind.Utc)) : now;
            var body = new AlertBody(id, a.Level, a.Carrier, a.Node, a.NodeKind, a.Start, a.End, new ForecastParcels(Round(a.ForecastP50), Round(a.ForecastP90)),
                Round(a.CapacityParcels), double.IsFinite(a.Utilization) ? Math.Round(a.Utilization, 3) : null, a.Reason, a.Advice, first, (old?.Version ?? 0) + 1, p.PlanRunId, p.Campaign);
            audience.Add((id, a));   // who it concerns may shift without news for anyone
            if (wasInForce && oldBody!.SameAdviceAs(body))
            {
                writes.Add(new AlertWrites.Row(id, null, a.NetworkWide, true, a.State));
                continue;
            }
            writes.Add(new AlertWrites.Row(id, body, a.NetworkWide, true, a.State));
            events.Add((id, wasInForce ? "updated" : "created", body, a.NetworkWide, a.Merchants));
        }
        var cleared = existing.Values.Where(e => e.InForce && !keys.Contains(e.AlertKey)).OrderBy(e => e.AlertKey, StringComparer.Ordinal).ToList();
        var clearedAudience = await AlertWrites.AudiencesAsync(conn, tx, cleared.Select(c => c.Id).ToArray(), ct);
        foreach (var old in cleared)
        {
            var body = JsonSerializer.Deserialize<AlertBody>(old.Body, AlertBody.Json)! with { Version = old.Version + 1, PlanRun = p.PlanRunId };
            writes.Add(new AlertWrites.Row(old.Id, body, old.NetworkWide, false, null, KeepState: true));
            events.Add((old.Id, "cleared", body, old.NetworkWide, clearedAudience.GetValueOrDefault(old.Id) ?? []));
        }
        await AlertWrites.UpdateAsync(conn, tx, writes, ct);
        await AlertWrites.ReplaceAudiencesAsync(conn, tx, audience, cleared.Select(c => c.Id), ids, ct);

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
