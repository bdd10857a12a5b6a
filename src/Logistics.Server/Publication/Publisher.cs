using System.Text.Json;
using Dapper;
using Logistics.Server.Storage;
using Npgsql;
using Logistics.Server.Ingest;

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
        var previousRun = await conn.ExecuteScalarAsync<long?>(new CommandDefinition(
            "SELECT plan_run_id FROM publications WHERE campaign_id = @campaignId", new { campaignId }, tx, cancellationToken: ct));
        var ids = await CodeIds.LoadAsync(conn, tx, ct);

        await WindowWriter.WriteAsync(conn, p.PlanRunId, p.Windows, ids, ct);

        var existing = (await conn.QueryAsync<Existing>(new CommandDefinition(
            "SELECT id, alert_key, version, in_force, network_wide, body::text AS body, first_published FROM alerts WHERE campaign_id = @campaignId",
            new { campaignId }, tx, cancellationToken: ct))).ToDictionary(e => e.AlertKey);
        var alertsInForce = p.AlertsInForce;
        var inForceNow = Enumerable.Range(0, alertsInForce.Count).OrderBy(i => alertsInForce[i].Key, StringComparer.Ordinal).ToList();

        // Set-based, a statement per step rather than per alert (national runs have tens of thousands):
        // 1. an id for every alert never seen before, numbered in key order.
        var fresh = inForceNow.Select(i => alertsInForce[i]).Where(a => !existing.ContainsKey(a.Key)).ToList();
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

        // 2. bodies and events, in memory. alertIds and eventOf say, per alert in force, its id (none
        // when network-wide: it concerns everyone and is listed for no one) and its event, if any.
        var events = new List<(long AlertId, string Kind, AlertBody Body, bool NetworkWide)>();
        var saves = new List<(AlertBody Body, bool NetworkWide, bool InForce)>();
        var states = new List<(long Id, string? State)>();
        var alertIds = new long?[alertsInForce.Count];
        var eventOf = new int[alertsInForce.Count];
        var inForce = new HashSet<string>();
        foreach (var i in inForceNow)
        {
            var a = alertsInForce[i];
            if (!inForce.Add(a.Key)) throw new InvalidOperationException($"alert '{a.Key}' is in force twice in one publication");
            existing.TryGetValue(a.Key, out var old);
            var wasInForce = old is { InForce: true };
            var oldBody = old is null ? null : JsonSerializer.Deserialize<AlertBody>(old.Body, AlertBody.Json)!;
            var first = wasInForce ? new DateTimeOffset(DateTime.SpecifyKind(old!.FirstPublished, DateTimeKind.Utc)) : now;
            var id = old?.Id ?? newIds[a.Key];
            var body = new AlertBody(id, a.Level, a.Carrier, a.Node, a.NodeKind, a.Start, a.End, new ForecastParcels(Round(a.ForecastP50), Round(a.ForecastP90)),
                Round(a.CapacityParcels), double.IsFinite(a.Utilization) ? Math.Round(a.Utilization, 3) : null, a.Reason, a.Advice, first, (old?.Version ?? 0) + 1, p.PlanRunId, p.Campaign);
            states.Add((id, a.State));
            alertIds[i] = a.NetworkWide ? null : id;   // who it concerns may shift without news for anyone
            eventOf[i] = -1;
            if (wasInForce && oldBody!.SameAdviceAs(body)) continue;
            saves.Add((body, a.NetworkWide, true));
            eventOf[i] = events.Count;
            events.Add((id, wasInForce ? "updated" : "created", body, a.NetworkWide));
        }
        var cleared = existing.Values.Where(e => e.InForce && !inForce.Contains(e.AlertKey)).OrderBy(e => e.AlertKey, StringComparer.Ordinal).ToList();
        var firstCleared = events.Count;
        foreach (var old in cleared)
        {
            var body = JsonSerializer.Deserialize<AlertBody>(old.Body, AlertBody.Json)! with { Version = old.Version + 1, PlanRun = p.PlanRunId };
            saves.Add((body, old.NetworkWide, false));
            events.Add((old.Id, "cleared", body, old.NetworkWide));
        }

        // 3. write them: states, new versions, whom they concern.
        await conn.ExecuteAsync(new CommandDefinition("""
            UPDATE alerts a SET state = t.state::jsonb
            FROM unnest(@ids, @states) AS t(id, state)
            WHERE a.id = t.id
            """, new { ids = states.Select(s => s.Id).ToArray(), states = states.Select(s => s.State).ToArray() }, tx, cancellationToken: ct));
        await SaveAsync(conn, tx, saves, ct);
        var audience = await AudienceWriter.WriteAlertsAsync(conn, p.PlanRunId, p.Audiences ?? AudiencesOf(alertsInForce), alertIds, eventOf, ids, ct);

        // 4. the feed. Held to commit: a concurrent publisher numbers its events only after ours are
        // visible, so a poller that has read up to N never later finds a new event below N.
        await conn.ExecuteLockAsync(tx, FeedLock, ct);
        // Past what retention removed too: a position is never issued twice.
        var head = await conn.ExecuteScalarAsync<long>(new CommandDefinition(FeedHeadSql, transaction: tx, cancellationToken: ct));
        await AppendEventsAsync(conn, campaignId, p.PlanRunId, now, head, events, ct);
        await audience.WriteFeedAsync(conn, head, ct);
        if (previousRun is { } previous)
        {
            var clearedWithAudience = Enumerable.Range(firstCleared, events.Count - firstCleared).Where(e => !events[e].NetworkWide).ToList();
            await AudienceWriter.WriteClearedFeedAsync(conn, tx, previous,
                clearedWithAudience.Select(e => events[e].AlertId).ToArray(), clearedWithAudience.Select(e => head + 1 + e).ToArray(), ct);
            // Only the published run's audiences are kept: the alerts in force are the new run's now.
            await conn.ExecuteAsync(new CommandDefinition("DELETE FROM merchant_alerts WHERE plan_run_id = @previous", new { previous }, tx, commandTimeout: 0, cancellationToken: ct));
        }
        head += events.Count;

        await conn.ExecuteAsync(new CommandDefinition("""
            INSERT INTO publications (campaign_id, plan_run_id, published_at) VALUES (@campaignId, @PlanRunId, @now)
            ON CONFLICT (campaign_id) DO UPDATE SET plan_run_id = excluded.plan_run_id, published_at = excluded.published_at
            """, new { campaignId, p.PlanRunId, now }, tx, cancellationToken: ct));
        // Delivered at commit, never for a rolled-back publication.
        await conn.ExecuteAsync(new CommandDefinition("SELECT pg_notify(@Channel, @payload)",
            new { Channel, payload = JsonSerializer.Serialize(new { campaign = p.Campaign, run = p.PlanRunId, head }) }, tx, cancellationToken: ct));

        return new PublishResult(events.Count(e => e.Kind == "created"), events.Count(e => e.Kind == "updated"), events.Count(e => e.Kind == "cleared"), head);
    }

    /// <summary>Whom the alerts concern, merchant by merchant, from each alert's own list of merchants.</summary>
    private static IEnumerable<MerchantAudience> AudiencesOf(IReadOnlyList<PublishedAlert> alerts)
    {
        var byMerchant = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var i = 0; i < alerts.Count; i++)
            if (!alerts[i].NetworkWide)
                foreach (var m in alerts[i].Merchants)
                    (byMerchant.TryGetValue(m, out var list) ? list : byMerchant[m] = []).Add(i);
        return byMerchant.Select(kv => new MerchantAudience(kv.Key, kv.Value));
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

    private static async Task AppendEventsAsync(NpgsqlConnection conn, long campaignId, long runId, DateTimeOffset now, long head,
        List<(long AlertId, string Kind, AlertBody Body, bool NetworkWide)> events, CancellationToken ct)
    {
        if (events.Count == 0) return;
        var stream = await conn.BeginRawBinaryCopyAsync(
            "COPY alert_events (position, campaign_id, alert_id, kind, version, network_wide, body, plan_run_id, published_at) FROM STDIN (FORMAT BINARY)", ct);
        try
        {
            var copy = new BinaryCopyWriter(stream);
            var position = head;
            foreach (var e in events)
            {
                copy.StartRow(9);
                copy.Write(++position);
                copy.Write(campaignId);
                copy.Write(e.AlertId);
                copy.Write(e.Kind);
                copy.WriteInt32(e.Body.Version);
                copy.WriteBoolean(e.NetworkWide);
                copy.WriteJsonb(JsonSerializer.Serialize(e.Body, AlertBody.Json));
                copy.Write(runId);
                copy.WriteTimestamp(now);
            }
            copy.Complete();
        }
        catch
        {
            await stream.CancelAsync();
            throw;
        }
        finally
        {
            await stream.DisposeAsync();
        }
    }
}
