using System.Text.Json;
using Dapper;
using Logistics.Server.Alerts;
using Logistics.Server.Auth;
using Logistics.Server.Loads;
using Logistics.Server.Publication;
using Microsoft.AspNetCore.Mvc;
using Npgsql;

namespace Logistics.Server.Carriers;

/// <summary>The carrier's own view: what the published plan sends to its nodes, hour by hour.</summary>
internal static class CarrierEndpoints
{
    public static void MapCarriers(this IEndpointRouteBuilder app)
    {
        CarrierExamples.Add();
        app.MapGet("/v1/carriers/me/load", LoadAsync).RequireAuthorization(Policies.CarrierOrOps)
            .Produces<CarrierLoad>().Produces(StatusCodes.Status304NotModified).ProducesProblem(400).ProducesProblem(401).ProducesProblem(403).ProducesProblem(404).ProducesProblem(429).ProducesProblem(503)
            .WithTags("carriers").WithSummary("The carrier's pickups, origin hubs and receiving hubs per local day and hour from the campaign's published run: forecast P50/P90, planned load, capacity, expected delay, and the alerts in force on them.")
            .WithDescription("A carrier key reads its own nodes; an ops key names the carrier with `carrier=`. `from` and `to` (RFC 3339 with an offset) narrow the hours; by default the whole horizon. Send `If-None-Match` with the last ETag: 304 until the campaign publishes again or the hour turns.")
            .WithName("getCarrierLoad").RequiresQuery("campaign");
    }

    internal static async Task<IResult> LoadAsync(HttpContext http, FeedState state, NpgsqlDataSource db,
        [FromQuery] string? campaign, [FromQuery] string? from, [FromQuery] string? to, [FromQuery] string? carrier, CancellationToken ct)
    {
        await state.Loaded.WaitAsync(ct);
        var caller = Caller.From(http.User);
        if (string.IsNullOrEmpty(campaign)) return Problems.Result(Problems.BadRequest, "campaign is required, e.g. ?campaign=D11-2026");
        if (caller.IsOps && string.IsNullOrEmpty(carrier)) return Problems.Result(Problems.BadRequest, "carrier is required for an ops key, e.g. &carrier=C01");
        if (!caller.IsOps && carrier is not null) return Problems.Result(Problems.BadRequest, "carrier= is for ops keys; a carrier key always reads its own nodes");
        var code = caller.IsOps ? carrier! : caller.CarrierCode!;
        if (await state.FindCampaignAsync(campaign, ct) is not { } info) return Problems.Result(Problems.NotFound, $"no campaign '{campaign}'");
        var domain = Campaigns.CampaignFacts.Of(info);
        if (!TryRange(from, to, domain.HorizonStartUtc, domain.HorizonEndUtc, out var f, out var t, out var problem)) return Problems.Result(Problems.BadRequest, problem!);

        await using var conn = await db.OpenConnectionAsync(ct);
        if (caller.IsOps && await conn.ExecuteScalarAsync<long?>(new CommandDefinition(CarrierSql.Find, new { carrier = code }, cancellationToken: ct)) is null)
            return Problems.Result(Problems.NotFound, $"no carrier '{code}'");

        var now = Infrastructure.ServiceClock.Current.GetUtcNow();
        var hour = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero);
        var etag = ETags.Of("carrier-load", code, campaign, info.PublishedRun, f.UtcTicks, t.UtcTicks, hour.ToUnixTimeSeconds());
        http.Response.Headers.ETag = etag;
        if (ETags.Matches(http.Request, etag)) return Results.StatusCode(StatusCodes.Status304NotModified);
        if (info.PublishedRun is not { } run) return Results.Ok(new CarrierLoad(code, campaign, null, null, info.TimeZone, f, t, [], []));

        var published = await conn.ExecuteScalarAsync<DateTime>(new CommandDefinition(
            "SELECT published_at FROM publications WHERE campaign_id = @Id", new { info.Id }, cancellationToken: ct));
        var loads = await conn.QueryAsync<NodeLoadRow>(new CommandDefinition(CarrierSql.Loads, new { run, carrier = code }, cancellationToken: ct));
        var alerts = await conn.QueryAsync<string>(new CommandDefinition(CarrierSql.Alerts,
            new { campaignId = info.Id, carrier = code, now, from = f, to = t }, cancellationToken: ct));
        int first = (int)(f - domain.HorizonStartUtc).TotalHours, last = (int)(t - domain.HorizonStartUtc).TotalHours;
        return Results.Ok(new CarrierLoad(code, campaign, run, new DateTimeOffset(DateTime.SpecifyKind(published, DateTimeKind.Utc)), info.TimeZone, f, t,
            [.. loads.Select(l => NodeStatus.View(l, domain, first, last))],
            [.. alerts.Select(b => JsonSerializer.Deserialize<AlertBody>(b, AlertBody.Json)!)]));
    }

    /// <summary>[from, to) on whole hours inside the horizon; either may be left out (the horizon's start or end).</summary>
    private static bool TryRange(string? from, string? to, DateTimeOffset start, DateTimeOffset end, out DateTimeOffset f, out DateTimeOffset t, out string? problem)
    {
        (f, t, problem) = (start, end, null);
        if (from is not null && !TryTime(from, out f)) { problem = $"from '{from}' is not an RFC 3339 time with an offset (2026-11-11T00:00:00+08:00)"; return false; }
        if (to is not null && !TryTime(to, out t)) { problem = $"to '{to}' is not an RFC 3339 time with an offset (2026-11-12T00:00:00+08:00)"; return false; }
        if (f.Minute != 0 || f.Second != 0 || t.Minute != 0 || t.Second != 0) { problem = "from and to must be on the hour"; return false; }
        if (f < start) f = start;
        if (t > end) t = end;
        if (t <= f) { problem = $"to must be after from, and the range must overlap the campaign's horizon ({start:yyyy-MM-ddTHH:mm:ssZ} to {end:yyyy-MM-ddTHH:mm:ssZ})"; return false; }
        return true;
    }

    private static bool TryTime(string s, out DateTimeOffset at) => Rfc3339.TryParse(s, out at);
}
