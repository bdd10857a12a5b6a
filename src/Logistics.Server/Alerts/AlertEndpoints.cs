using System.Globalization;
using System.Text.Json;
using Dapper;
using Logistics.Server.Auth;
using Logistics.Server.Planning;
using Logistics.Server.Publication;
using Microsoft.AspNetCore.Mvc;
using Npgsql;

namespace Logistics.Server.Alerts;

/// <summary>What merchants poll: alerts in force and the alert feed; and the latest run for ops.</summary>
internal static class AlertEndpoints
{
    public const int DefaultLimit = 100, MaxLimit = 1000;

    public static void MapAlerts(this IEndpointRouteBuilder app)
    {
        AlertExamples.Add();
        app.MapGet("/v1/alerts/events", FeedAsync).RequireAuthorization(Policies.MerchantOrOps)
            .Produces<AlertFeedPage>().Produces(StatusCodes.Status304NotModified).ProducesProblem(400).ProducesProblem(401).ProducesProblem(410).ProducesProblem(403).ProducesProblem(429).ProducesProblem(503)
            .WithTags("alerts").WithSummary("The append-only alert feed, oldest first, after a cursor.")
            .WithDescription("Events `created`, `updated`, `cleared` (the plan no longer sees it; when a longer alert in force now covers its hours at its level or above, `alert.merged_into` is that alert's id and the advice stands) and `ended` (its end has passed) of the alerts that concern the caller. Pass the page's `cursor` as `after` next time; send `If-None-Match` with the last ETag to get 304 when nothing is new.")
            .WithName("listAlertEvents").Paged();
        app.MapGet("/v1/alerts", ListAsync).RequireAuthorization(Policies.MerchantOrOps)
            .Produces<AlertList>().Produces(StatusCodes.Status304NotModified).ProducesProblem(400).ProducesProblem(401).ProducesProblem(403).ProducesProblem(429).ProducesProblem(503)
            .WithTags("alerts").WithSummary("Alerts in force (their end still ahead) that concern the caller, newest version of each: blocked and warning on the nodes it hands parcels to, delay notices for its routes (ops also see watch).")
            .WithName("listAlerts").Paged();
        app.MapGet("/v1/plan-runs/latest", LatestRunAsync).RequireAuthorization(Policies.Ops)
            .Produces<PlanRunView>().ProducesProblem(400).ProducesProblem(401).ProducesProblem(403).ProducesProblem(404).ProducesProblem(503)
            .WithTags("planning").WithSummary("The newest planning run, with its stages and counts.").WithName("getLatestPlanRun");
    }

    internal static async Task<IResult> FeedAsync(HttpContext http, FeedState state, NpgsqlDataSource db,
        [FromQuery] string? after, [FromQuery] string? limit, CancellationToken ct)
    {
        await state.Loaded.WaitAsync(ct);
        var caller = Caller.From(http.User);
        var feed = caller.Feed;
        if (Paging.Limit(limit) is not { } take) return Paging.BadLimit();
        var merchantId = caller.IsOps ? null : caller.MerchantId;
        var head = state.HeadFor(merchantId);
        var (from, error) = state.Cursors.Parse(feed, after, head);
        if (from is not { } position) return Problems.Result(Problems.InvalidCursor, error!);

        var etag = ETags.Of("feed", feed, position, take, head);
        http.Response.Headers.ETag = etag;
        if (ETags.Matches(http.Request, etag)) return Results.StatusCode(StatusCodes.Status304NotModified);

        await using var conn = await db.OpenConnectionAsync(ct);
        if (position > 0)
        {
            // Events after this cursor were removed by retention: say so rather than skip them silently.
            var trimmed = await conn.ExecuteScalarAsync<long>(new CommandDefinition(
                "SELECT coalesce(max(through), 0) FROM alert_feed_trims WHERE feed = ANY(@feeds)",
                new { feeds = merchantId is { } m ? new[] { "network", string.Create(CultureInfo.InvariantCulture, $"m:{m}") } : ["all"] }, cancellationToken: ct));
            if (position < trimmed)
                return Problems.Result(Problems.CursorExpired,
                    "events after this cursor are older than the retention period and were removed; read GET /v1/alerts for the alerts in force, then read the feed again from its start (no after=)");
        }
        var rows = (await conn.QueryAsync<(long Position, string Kind, int Version, DateTime PublishedAt, string Body)>(new CommandDefinition(
            merchantId is null ? """
                SELECT position, kind, version, published_at, body::text FROM alert_events
                WHERE position > @position AND position <= @head ORDER BY position LIMIT @n
                """ : """
                SELECT e.position, e.kind, e.version, e.published_at, e.body::text
                FROM alert_events e
                WHERE e.position IN (
                    (SELECT x.position
                     FROM merchant_feed f CROSS JOIN LATERAL unnest(f.positions) AS x(position)
                     WHERE f.merchant_id = @merchantId AND f.last_position > @position AND f.first_position <= @head
                       AND x.position > @position AND x.position <= @head
                     ORDER BY x.position LIMIT @n)
                    UNION ALL
                    (SELECT position FROM alert_events
                     WHERE network_wide AND position > @position AND position <= @head ORDER BY position LIMIT @n))
                ORDER BY e.position LIMIT @n
                """, new { merchantId, position, head, n = take + 1 }, cancellationToken: ct))).ToList();

        var more = rows.Count > take;
        var page = rows.Take(take).ToList();
        // With nothing more to read, the caller may resume from the head: nothing at or below it is still to come.
        var next = more ? state.Cursors.Issue(feed, page[^1].Position) : state.Cursors.Issue(feed, head);
        if (more) Paging.LinkNext(http, next, take);
        // An AlertFeedPage, written directly: each alert body is stored exactly as the API shows it,
        // so it is copied as it is rather than parsed and serialised again for every poll.
        return Results.Stream(async stream =>
        {
            await using var json = new Utf8JsonWriter(stream);
            json.WriteStartObject();
            json.WriteStartArray("events");
            foreach (var r in page)
            {
                json.WriteStartObject();
                json.WriteString("cursor", state.Cursors.Issue(feed, r.Position));
                json.WriteString("kind", r.Kind);
                json.WriteNumber("version", r.Version);
                json.WriteString("published", new DateTimeOffset(DateTime.SpecifyKind(r.PublishedAt, DateTimeKind.Utc)));
                json.WritePropertyName("alert");
                json.WriteRawValue(r.Body, skipInputValidation: true);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteString("cursor", next);
            json.WriteBoolean("more", more);
            json.WriteEndObject();
            await json.FlushAsync();
        }, "application/json; charset=utf-8");
    }

    internal static async Task<IResult> ListAsync(HttpContext http, FeedState state, NpgsqlDataSource db,
        [FromQuery] string? campaign, [FromQuery] string? after, [FromQuery] string? limit, CancellationToken ct)
    {
        await state.Loaded.WaitAsync(ct);
        var caller = Caller.From(http.User);
        var (validLimit, take) = Paging.ListLimit(limit, after);
        if (!validLimit) return Paging.BadLimit();
        if (campaign is not null && await state.FindCampaignAsync(campaign, ct) is null)
            return Problems.Result(Problems.BadRequest, $"campaign: no campaign '{Shown.Cut(campaign)}'");
        // The cursor is the last alert's id, signed for this caller's list.
        var list = "alerts:" + caller.Feed;
        var (from, error) = state.Cursors.Parse(list, after, long.MaxValue);
        if (from is not { } afterId) return Problems.Result(Problems.InvalidCursor, error!);
        // In force means its end is still ahead: an alert leaves the list the hour it ends, before the
        // next run records that in the feed. The hour is part of the ETag, so a poll sees it go.
        var now = Infrastructure.ServiceClock.Current.GetUtcNow();
        var hour = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero);
        var etag = ETags.Of("alerts", caller.Feed, campaign, state.HeadFor(caller.IsOps ? null : caller.MerchantId), state.PublicationStamp, hour.ToUnixTimeSeconds(), afterId, take);
        http.Response.Headers.ETag = etag;
        if (ETags.Matches(http.Request, etag)) return Results.StatusCode(StatusCodes.Status304NotModified);

        await using var conn = await db.OpenConnectionAsync(ct);
        // Keyset paging in the list's order (start, id): the page after the cursor's alert.
        var rows = (await conn.QueryAsync<(long Id, string Body)>(new CommandDefinition("""
            SELECT a.id, a.body::text FROM alerts a JOIN campaigns c ON c.id = a.campaign_id
            WHERE a.in_force AND a.ends_at > @now
              AND (@campaign::text IS NULL OR c.code = @campaign)
              AND (@merchantId::bigint IS NULL OR a.network_wide
                   OR a.id IN (SELECT x.alert_id FROM alert_audience x WHERE x.merchant_id = @merchantId))
              AND (@afterId = 0 OR (a.starts_at, a.id) > (SELECT p.starts_at, p.id FROM alerts p WHERE p.id = @afterId))
            ORDER BY a.starts_at, a.id
            LIMIT @n
            """, new { campaign, now, merchantId = caller.IsOps ? null : caller.MerchantId, afterId, n = take + 1 }, cancellationToken: ct))).ToList();
        var more = rows.Count > take;
        var page = take is { } size ? rows.Take(size).ToList() : rows;
        var cursor = page.Count > 0 ? state.Cursors.Issue(list, page[^1].Id) : null;
        if (more) Paging.LinkNext(http, cursor!, take!.Value);
        return Results.Ok(new AlertList(page.Select(r => JsonSerializer.Deserialize<AlertBody>(r.Body, AlertBody.Json)!).ToList(), cursor, more));
    }

    internal static async Task<IResult> LatestRunAsync(NpgsqlDataSource db, [FromQuery] string? campaign, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var row = await conn.QuerySingleOrDefaultAsync<(long Id, string Campaign, RunStatus Status, DateTime StartedAt, DateTime? FinishedAt, string Stages, string Counts, string? Error)?>(
            new CommandDefinition("""
                SELECT r.id, c.code, r.status, r.started_at, r.finished_at, r.stages::text, r.counts::text, r.error
                FROM plan_runs r JOIN campaigns c ON c.id = r.campaign_id
                WHERE @campaign::text IS NULL OR c.code = @campaign
                ORDER BY r.id DESC LIMIT 1
                """, new { campaign }, cancellationToken: ct));
        if (row is not { } r) return Problems.Result(Problems.NotFound, campaign is null ? "no planning run yet" : $"no planning run for campaign '{Shown.Cut(campaign)}' yet");
        static DateTimeOffset Utc(DateTime t) => new(DateTime.SpecifyKind(t, DateTimeKind.Utc));
        return Results.Ok(new PlanRunView(r.Id, r.Campaign, RunStatuses.Name(r.Status), Utc(r.StartedAt), r.FinishedAt is { } f ? Utc(f) : null,
            JsonSerializer.Deserialize<List<PlanRunStage>>(r.Stages, AlertBody.Json) ?? [],
            JsonSerializer.Deserialize<Dictionary<string, long>>(r.Counts, AlertBody.Json) ?? [], r.Error));
    }
}
