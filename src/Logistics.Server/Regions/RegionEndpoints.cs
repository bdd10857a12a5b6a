using System.Globalization;
using System.Text.Json;
using Dapper;
using Logistics.Server.Alerts;
using Logistics.Server.Auth;
using Logistics.Server.Loads;
using Logistics.Server.Publication;
using Microsoft.AspNetCore.Mvc;
using Npgsql;

namespace Logistics.Server.Regions;

/// <summary>
/// Routes and regions: which destinations will be slow, from the published run (the same plan the
/// alerts and windows come from). A merchant sees the regions its demand ships to; ops see all.
/// </summary>
internal static class RegionEndpoints
{
    public static void MapRegions(this IEndpointRouteBuilder app)
    {
        RegionExamples.Add();
        app.MapGet("/v1/regions", ListAsync).RequireAuthorization(Policies.MerchantOrOps)
            .Produces<RegionList>().Produces(StatusCodes.Status304NotModified).ProducesProblem(400).ProducesProblem(401).ProducesProblem(403).ProducesProblem(429).ProducesProblem(503)
            .WithTags("regions").WithSummary("The regions and their receiving hubs: a merchant's are those its demand ships to (in any campaign, or `campaign=`'s); ops see all.").WithName("listRegions");
        app.MapGet("/v1/regions/{code}/status", StatusAsync).RequireAuthorization(Policies.MerchantOrOps)
            .Produces<RegionStatus>().Produces(StatusCodes.Status304NotModified).ProducesProblem(400).ProducesProblem(401).ProducesProblem(403).ProducesProblem(404).ProducesProblem(429).ProducesProblem(503)
            .WithTags("regions").WithSummary("Each carrier's receiving hub in the region and each lane into it from an origin hub, per local day and hour, from the campaign's published run: forecast P50/P90, capacity (hubs), planned load, expected extra delay; and the delay notices in force there.")
            .WithDescription("`delay_hours` is how long a parcel that reaches the hub in that hour waits behind the plan's own backlog (null: it does not clear within the horizon and two more). A lane (`origin` → `destination`, one carrier's line-haul) is counted by the hour its parcels reach the receiving hub, as arrays from `hourly.start` over the hours it carries parcels; a line-haul has no capacity of its own, so its delay is its receiving hub's. A region the merchant's demand does not ship to is a 404, like a missing one. Send `If-None-Match` with the last ETag: 304 until the campaign publishes again or the hour turns.")
            .WithName("getRegionStatus").RequiresQuery("campaign");
    }

    private static long? MerchantScope(Caller c) => c.IsOps ? null : c.MerchantId;

    internal static async Task<IResult> ListAsync(HttpContext http, NpgsqlDataSource db, Alerts.FeedState state, [FromQuery] string? campaign, CancellationToken ct)
    {
        var caller = Caller.From(http.User);
        // An unknown code would narrow to nothing and answer an empty list, as if the caller had no regions.
        if (campaign is not null && await state.FindCampaignAsync(campaign, ct) is null)
            return Problems.Result(Problems.BadRequest, $"campaign: no campaign '{Shown.Cut(campaign)}'");
        await using var conn = await db.OpenConnectionAsync(ct);
        var rows = await conn.QueryAsync<(string Code, string Name, string? Hub, string? HubName, string? Carrier)>(new CommandDefinition(
            RegionSql.List, new { merchantId = MerchantScope(caller), campaign }, cancellationToken: ct));
        var list = new RegionList([.. rows.GroupBy(r => (r.Code, r.Name)).Select(g => new RegionView(g.Key.Code, g.Key.Name,
            [.. g.Where(r => r.Hub is not null).Select(r => new RegionHubView(r.Hub!, r.HubName!, r.Carrier!))]))]);
        // The network changes rarely and has no stamp of its own: the ETag is the answer's own hash.
        var etag = ETags.Of("regions", JsonSerializer.Serialize(list, AlertBody.Json));
        http.Response.Headers.ETag = etag;
        return ETags.Matches(http.Request, etag) ? Results.StatusCode(StatusCodes.Status304NotModified) : Results.Ok(list);
    }

    internal static async Task<IResult> StatusAsync(string code, HttpContext http, FeedState state, NpgsqlDataSource db, RegionStatusCache cache,
        [FromQuery] string? campaign, CancellationToken ct)
    {
        await state.Loaded.WaitAsync(ct);
        var caller = Caller.From(http.User);
        if (string.IsNullOrEmpty(campaign)) return Problems.Result(Problems.BadRequest, "campaign is required, e.g. ?campaign=D11-2026");
        if (await state.FindCampaignAsync(campaign, ct) is not { } info) return Problems.Result(Problems.NotFound, $"campaign: no campaign '{Shown.Cut(campaign)}'");

        await using var conn = await db.OpenConnectionAsync(ct);
        // Tenancy first, so a 304 never says that a region the caller may not see exists.
        var region = await conn.QuerySingleOrDefaultAsync<(long Id, string Name)?>(new CommandDefinition(RegionSql.Find,
            new { code, merchantId = MerchantScope(caller), campaignId = info.Id }, cancellationToken: ct));
        if (region is not { } r) return Problems.Result(Problems.NotFound, $"no region '{code}'");

        // A function of the published run, the region and the hour (delay notices leave the hour they end).
        var now = Infrastructure.ServiceClock.Current.GetUtcNow();
        var hour = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero);
        var etag = ETags.Of("region", code, campaign, info.PublishedRun, hour.ToUnixTimeSeconds());
        http.Response.Headers.ETag = etag;
        if (ETags.Matches(http.Request, etag)) return Results.StatusCode(StatusCodes.Status304NotModified);

        var body = await cache.GetAsync((code, campaign, info.PublishedRun, hour.ToUnixTimeSeconds()), async () =>
            JsonSerializer.SerializeToUtf8Bytes(await BuildAsync(conn, code, r.Id, r.Name, info, now, ct), AlertBody.Json));
        return Results.Bytes(body, "application/json; charset=utf-8");
    }

    /// <summary>The status from the published run's stored loads and the delay notices in force.</summary>
    private static async Task<RegionStatus> BuildAsync(NpgsqlConnection conn, string code, long regionId, string name, FeedState.CampaignInfo info, DateTimeOffset now, CancellationToken ct)
    {
        var campaign = info.Code;
        var domain = Campaigns.CampaignFacts.Of(info);
        if (info.PublishedRun is not { } run) return new RegionStatus(code, name, campaign, null, null, info.TimeZone, [], [], []);
        var published = await conn.ExecuteScalarAsync<DateTime>(new CommandDefinition(
            "SELECT published_at FROM publications WHERE campaign_id = @Id", new { info.Id }, cancellationToken: ct));
        var loads = (await conn.QueryAsync<NodeLoadRow>(new CommandDefinition(RegionSql.HubLoads, new { run, regionId }, cancellationToken: ct))).ToList();
        var lanes = await conn.QueryAsync<LaneLoadRow>(new CommandDefinition(RegionSql.Lanes, new { run, regionId }, cancellationToken: ct));
        // A lane's parcels wait in its receiving hub's queue (bulky goods in its bulky line's): each
        // queue's delays, worked out once for all its lanes.
        var delays = loads.ToDictionary(l => (l.Node, l.Carrier ?? "", l.Kind == Domain.Alerts.AlertLevels.BulkyDestinationHub), l => l.DelayHours());
        var alerts = await conn.QueryAsync<string>(new CommandDefinition(RegionSql.Alerts,
            new { campaignId = info.Id, regionId, now }, cancellationToken: ct));
        return new RegionStatus(code, name, campaign, run, new DateTimeOffset(DateTime.SpecifyKind(published, DateTimeKind.Utc)), info.TimeZone,
            [.. loads.Select(l => NodeStatus.View(l, domain, 0, domain.HorizonHours))],
            [.. alerts.Select(b => JsonSerializer.Deserialize<AlertBody>(b, AlertBody.Json)!)],
            [.. lanes.Select(l => LaneStatus.View(l, delays.GetValueOrDefault((l.Destination, l.Carrier, l.Bulky)), domain))]);
    }
}
