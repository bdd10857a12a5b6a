using Dapper;
using Logistics.Server.Alerts;
using Logistics.Server.Auth;
using Microsoft.AspNetCore.Mvc;
using Npgsql;

namespace Logistics.Server.Windows;

/// <summary>What merchants poll for their reservations: the staggered shipment windows of a campaign's published run.</summary>
internal static class WindowEndpoints
{
    public static void MapWindows(this IEndpointRouteBuilder app)
    {
        WindowExamples.Add();
        app.MapGet("/v1/shipment-windows", WindowsAsync).RequireAuthorization(Policies.MerchantOrOps)
            .Produces<ShipmentWindowsPage>().Produces(StatusCodes.Status304NotModified).ProducesProblem(400).ProducesProblem(401).ProducesProblem(403).ProducesProblem(404).ProducesProblem(429).ProducesProblem(503)
            .WithTags("windows").WithSummary("The caller's staggered shipment windows from the campaign's latest published run (ops: everyone's).")
            .WithName("listShipmentWindows").Paged().RequiresQuery("campaign");
    }

    internal static async Task<IResult> WindowsAsync(HttpContext http, FeedState state, NpgsqlDataSource db,
        [FromQuery] string? campaign, [FromQuery] string? warehouse, [FromQuery] string? carrier, [FromQuery] string? merchant,
        [FromQuery] string? after, [FromQuery] string? limit, CancellationToken ct)
    {
        await state.Loaded.WaitAsync(ct);
        var caller = Caller.From(http.User);
        var (validLimit, take) = Paging.ListLimit(limit, after);
        if (!validLimit) return Paging.BadLimit();
        if (string.IsNullOrEmpty(campaign)) return Problems.Result(Problems.BadRequest, "campaign is required, e.g. ?campaign=D11-2026");
        if (!caller.IsOps && merchant is not null) return Problems.Result(Problems.BadRequest, "merchant= is for ops keys; a merchant key always reads its own windows");
        if (await state.FindCampaignAsync(campaign, ct) is not { } info) return Problems.Result(Problems.NotFound, $"campaign: no campaign '{Shown.Cut(campaign)}'");

        // The cursor is how many windows were read, signed for this caller, query and run: a new
        // run renumbers the windows, so a cursor from before it is refused rather than misread.
        var list = $"windows:{caller.Feed}:{campaign}:{info.PublishedRun}:{warehouse}:{carrier}:{merchant}";
        var (from, error) = state.Cursors.Parse(list, after, long.MaxValue);
        if (from is not { } offset)
            return Problems.Result(Problems.InvalidCursor, error + " (a cursor holds for one query and one published run: after a new run, read again without after)");

        var etag = ETags.Of("windows", caller.Feed, campaign, info.PublishedRun, warehouse, carrier, merchant, offset, take);
        http.Response.Headers.ETag = etag;
        if (ETags.Matches(http.Request, etag)) return Results.StatusCode(StatusCodes.Status304NotModified);
        if (info.PublishedRun is not { } run) return Results.Ok(new ShipmentWindowsPage(campaign, null, null, [], null, false));

        await using var conn = await db.OpenConnectionAsync(ct);
        var published = await conn.ExecuteScalarAsync<DateTime>(new CommandDefinition(
            "SELECT published_at FROM publications WHERE campaign_id = @Id", new { info.Id }, cancellationToken: ct));
        var windows = await WindowStore.ReadAsync(conn, run, new WindowFilter(caller.IsOps ? null : caller.MerchantId, merchant, warehouse, carrier), offset, take, ct);
        static DateTimeOffset Utc(DateTime t) => new(DateTime.SpecifyKind(t, DateTimeKind.Utc));
        var more = windows.Count > take;
        var page = take is { } size ? windows.Take(size).ToList() : windows;
        var cursor = page.Count > 0 ? state.Cursors.Issue(list, offset + page.Count) : null;
        if (more) Paging.LinkNext(http, cursor!, take!.Value);
        return Results.Ok(new ShipmentWindowsPage(campaign, run, Utc(published),
            page.Select(w => new ShipmentWindowView(w.Merchant, w.Warehouse, w.Carrier, w.Hub, Utc(w.Start), Utc(w.End), w.MaxParcels, w.PlanRun, w.Handling)).ToList(), cursor, more));
    }
}
