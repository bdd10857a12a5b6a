using System.Text.Json;
using Dapper;
using Logistics.Server.Storage;
using Logistics.Server.Windows;
using Npgsql;

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

    public static async Task<PublishResult> PublishAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Publication p, DateTimeOffset now, CancellationToken ct,
        StepClock? clock = null)
    {
        clock ??= StepClock.Silent;
        var campaignId = await conn.ExecuteScalarAsync<long?>(new CommandDefinition("SELECT id FROM campaigns WHERE code = @Campaign", p, tx, cancellationToken: ct))
            ?? throw new InvalidOperationException($"no campaign '{p.Campaign}'");
        await conn.ExecuteLockAsync(tx, $"publish:{campaignId}", ct);   // one publisher per campaign at a time
        var previousRun = await conn.ExecuteScalarAsync<long?>(new CommandDefinition(
            "SELECT plan_run_id FROM publications WHERE campaign_id = @campaignId", new { campaignId }, tx, cancellationToken: ct));
        var ids = await CodeIds.LoadAsync(conn, tx, ct);
        clock.Step("locks and code ids");

        await WindowStore.WriteAsync(conn, p.PlanRunId, p.Windows, ids, ct);
        clock.Step("windows");
        // Whom the alerts concern is seconds of our CPU at national scale and needs nothing this
        // transaction writes: it is gathered on the other core while PostgreSQL writes the alerts
        // (after the windows, whose copy keeps a core of ours busy). Held until its copy, it is
        // 21M alert positions nationally, about 0.2 GB more at the stage's peak (2.2 against 2.0 GB).
        await using var gathering = p.Audiences is { } given ? new Gathering<MerchantAudience>(given, ct) : null;

        var existing = (await conn.QueryAsync<Existing>(new CommandDefinition(
            "SELECT id, alert_key, version, in_force, network_wide, body::text AS body, first_published FROM alerts WHERE campaign_id = @campaignId",
            new { campaignId }, tx, cancellationToken: ct))).ToDictionary(e => e.AlertKey);
        var alertsInForce = p.AlertsInForce;
        clock.Step("existing alerts and the mapping's wait");
        var inForceNow = Enumerable.Range(0, alertsInForce.Count).OrderBy(i => alertsInForce[i].Key, StringComparer.Ordinal).ToList();

        // Set-based, a statement per kind of change rather than per alert (national runs have tens of
        // thousands), each row written once. New alerts are numbered in key order.
        var freshCount = inForceNow.Count(i => !existing.ContainsKey(alertsInForce[i].Key));
        var reserved = await AlertRows.ReserveIdsAsync(conn, tx, freshCount, ct);
        clock.Step("new ids");

        // 1. bodies and events, in memory. alertIds and eventOf say, per alert in force, its id (none
        // when network-wide: it concerns everyone and is listed for no one) and its event, if any.
        var events = new List<(long AlertId, string Kind)>();
        var inserts = new List<AlertRow>();
        var saves = new List<AlertRow>();
        var states = new List<(long Id, string? State)>();
        var alertIds = new long?[alertsInForce.Count];
        var eventOf = new int[alertsInForce.Count];
        var inForce = new HashSet<string>();
        // Only a run that merged alerts needs the ids of those in force (a national run has 220,000).
        var idOfKey = p.Merged.Count == 0 ? null : new Dictionary<string, long>(StringComparer.Ordinal);
        var nextFresh = 0;
        foreach (var i in inForceNow)
        {
            var a = alertsInForce[i];
            if (!inForce.Add(a.Key)) throw new InvalidOperationException($"alert '{a.Key}' is in force twice in one publication");
            existing.TryGetValue(a.Key, out var old);
            var wasInForce = old is { InForce: true };
            var first = wasInForce ? new DateTimeOffset(DateTime.SpecifyKind(old!.FirstPublished, DateTimeKind.Utc)) : now;
            var id = old?.Id ?? reserved[nextFresh++];
            if (idOfKey is not null) idOfKey[a.Key] = id;
            var s = a.Shown;
            var body = new AlertBody(id, a.Level, a.Carrier, a.Node, a.NodeKind, a.Start, a.End, new ForecastParcels(Round(a.ForecastP50), Round(a.ForecastP90)),
                Round(a.CapacityParcels), double.IsFinite(a.Utilization) ? Math.Round(a.Utilization, 3) : null, a.Reason, a.Advice, first, (old?.Version ?? 0) + 1, p.PlanRunId, p.Campaign,
                s.Kind, s.TimeZone, s.StartLocal, s.EndLocal, Round(s.ReservedParcels), s.Avoid, s.Instead, s.DelayHours, s.Region);
            alertIds[i] = a.NetworkWide ? null : id;   // who it concerns may shift without news for anyone
            eventOf[i] = -1;
            if (wasInForce && JsonSerializer.Deserialize<AlertBody>(old!.Body, AlertBody.Json)!.SameAdviceAs(body))
            {
                states.Add((id, a.State));
                continue;
            }
            var row = new AlertRow(a.Key, body, a.NetworkWide, InForce: true, a.State);
            (old is null ? inserts : saves).Add(row);
            eventOf[i] = events.Count;
            events.Add((id, wasInForce ? AlertEventKinds.Updated : AlertEventKinds.Created));
        }
        var cleared = existing.Values.Where(e => e.InForce && !inForce.Contains(e.AlertKey)).OrderBy(e => e.AlertKey, StringComparer.Ordinal).ToList();
        var firstCleared = events.Count;
        foreach (var old in cleared)
        {
            long? mergedInto = p.Merged.TryGetValue(old.AlertKey, out var into) && idOfKey!.TryGetValue(into, out var intoId) ? intoId : null;
            var body = JsonSerializer.Deserialize<AlertBody>(old.Body, AlertBody.Json)! with { Version = old.Version + 1, PlanRun = p.PlanRunId, MergedInto = mergedInto };
            var row = new AlertRow(old.AlertKey, body, old.NetworkWide, InForce: false, State: null);
            saves.Add(row);
            events.Add((old.Id, p.Ended.Contains(old.AlertKey) ? AlertEventKinds.Ended : AlertEventKinds.Cleared));
        }

        clock.Step("alert bodies");

        // 2. write them, and whom they concern.
        await AlertRows.InsertAsync(conn, campaignId, inserts, ct);
        clock.Step("new alerts");
        await AlertRows.UpdateAsync(conn, tx, saves, ct);
        clock.Step("updated alerts");
        await AlertRows.UpdateStatesAsync(conn, tx, states, ct);
        clock.Step("alert states");
        var audience = await AudienceWriter.WriteAlertsAsync(conn, p.PlanRunId, gathering is null ? AudiencesOf(alertsInForce) : await gathering.List, alertIds, eventOf, ids, ct);
        clock.Step("merchant alerts");

        // 3. the feed. Held to commit: a concurrent publisher numbers its events only after ours are
        // visible, so a poller that has read up to N never later finds a new event below N.
        await conn.ExecuteLockAsync(tx, FeedLock, ct);
        // Past what retention removed too: a position is never issued twice.
        var head = await conn.ExecuteScalarAsync<long>(new CommandDefinition(FeedHeadSql, transaction: tx, cancellationToken: ct));
        clock.Step("feed lock");
        await AppendEventsAsync(conn, tx, p.PlanRunId, now, head, events, ct);
        clock.Step("events");
        await audience.WriteFeedAsync(conn, head, ct);
        clock.Step("merchant feed");
        if (previousRun is { } previous)
        {
            var clearedWithAudience = Enumerable.Range(firstCleared, events.Count - firstCleared).Where(e => !cleared[e - firstCleared].NetworkWide).ToList();
            await AudienceWriter.WriteClearedFeedAsync(conn, tx, previous,
                clearedWithAudience.Select(e => events[e].AlertId).ToArray(), clearedWithAudience.Select(e => head + 1 + e).ToArray(), ct);
            // Only the published run's audiences are kept: the alerts in force are the new run's now.
            clock.Step("cleared feed");
            await conn.ExecuteAsync(new CommandDefinition("DELETE FROM merchant_alerts WHERE plan_run_id = @previous", new { previous }, tx, commandTimeout: 0, cancellationToken: ct));
            clock.Step("previous merchant alerts");
        }
        head += events.Count;

        await conn.ExecuteAsync(new CommandDefinition("""
            INSERT INTO publications (campaign_id, plan_run_id, published_at) VALUES (@campaignId, @PlanRunId, @now)
            ON CONFLICT (campaign_id) DO UPDATE SET plan_run_id = excluded.plan_run_id, published_at = excluded.published_at
            """, new { campaignId, p.PlanRunId, now }, tx, cancellationToken: ct));
        // Delivered at commit, never for a rolled-back publication.
        await conn.ExecuteAsync(new CommandDefinition("SELECT pg_notify(@Channel, @payload)",
            new { Channel, payload = JsonSerializer.Serialize(new { campaign = p.Campaign, run = p.PlanRunId, head }) }, tx, cancellationToken: ct));
        clock.Step("switch");

        return new PublishResult(events.Count(e => e.Kind == AlertEventKinds.Created), events.Count(e => e.Kind == AlertEventKinds.Updated),
            events.Count(e => e.Kind is AlertEventKinds.Cleared or AlertEventKinds.Ended), head);
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

    /// <summary>
    /// Numbers the events from <paramref name="head"/> + 1 in list order. An event shows its alert as
    /// the publication just left it, so its body is copied from the alert's row rather than sent and
    /// parsed as JSON a second time.
    /// </summary>
    private static Task AppendEventsAsync(NpgsqlConnection conn, NpgsqlTransaction tx, long runId, DateTimeOffset now, long head,
        List<(long AlertId, string Kind)> events, CancellationToken ct) =>
        events.Count == 0 ? Task.CompletedTask : conn.ExecuteAsync(new CommandDefinition("""
            INSERT INTO alert_events (position, campaign_id, alert_id, kind, version, network_wide, body, plan_run_id, published_at)
            SELECT @head + e.n, a.campaign_id, a.id, e.kind, a.version, a.network_wide, a.body, @runId, @now
            FROM unnest(@alerts, @kinds) WITH ORDINALITY AS e(alert_id, kind, n)
            JOIN alerts a ON a.id = e.alert_id
            """, new { head, runId, now, alerts = events.Select(e => e.AlertId).ToArray(), kinds = events.Select(e => e.Kind).ToArray() },
            tx, commandTimeout: 0, cancellationToken: ct));
}
