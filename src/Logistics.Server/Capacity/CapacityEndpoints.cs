using Dapper;
using Logistics.Server.Auth;
using Logistics.Server.Infrastructure;
using Logistics.Server.Ingest;
using Logistics.Server.Uploads;
using Npgsql;

namespace Logistics.Server.Capacity;

internal static class CapacityEndpoints
{
    private static readonly TimeSpan MaxRange = TimeSpan.FromDays(62);

    public static void MapCapacity(this IEndpointRouteBuilder app)
    {
        CapacityExamples.Add();
        app.MapGet("/v1/capacity", GetCapacityAsync)
            .RequireAuthorization(Policies.CarrierOrOps)
            .Produces<CapacityView>().ProducesProblem(400).ProducesProblem(401).ProducesProblem(403).ProducesProblem(404)
            .WithTags("capacity").WithSummary("Effective hourly capacity of a node and the upload that set each hour.")
            .WithName("getCapacity").RequiresQuery("node", "from", "to");

        app.MapGet("/v1/capacity/export", (string? from, string? to, string? carrier, HttpContext http, NpgsqlDataSource db, CancellationToken ct) =>
                CsvAsync(from, to, carrier, http, db, CapacityExport.ExportAsync, "capacity", ct))
            .RequireAuthorization(Policies.CarrierOrOps)
            .Produces<string>(200, "text/csv").ProducesProblem(400).ProducesProblem(401).ProducesProblem(403).ProducesProblem(404)
            .WithTags("capacity").WithSummary("The caller's effective capacity in [from, to) as an upload file (node,kind,start,hours,parcels): download, edit, upload again.")
            .WithDescription("A carrier key gets its hubs' `sort` and its `pickup` at warehouses it has a lane at; an ops key gets the warehouses' `outbound`, or with `carrier=` that carrier's file (upload it back with the carrier's key, or `import capacity --carrier`). Equal consecutive hours are one line of up to 24 hours; times are UTC. At most 62 days.")
            .WithName("exportCapacity").RequiresQuery("from", "to");
        app.MapGet("/v1/capacity/template", (string? from, string? to, string? carrier, HttpContext http, NpgsqlDataSource db, CancellationToken ct) =>
                CsvAsync(from, to, carrier, http, db, CapacityExport.TemplateAsync, "capacity-template", ct))
            .RequireAuthorization(Policies.CarrierOrOps)
            .Produces<string>(200, "text/csv").ProducesProblem(400).ProducesProblem(401).ProducesProblem(403).ProducesProblem(404)
            .WithTags("capacity").WithSummary("An upload file to fill in: a line per node and kind the caller may give and per UTC day in [from, to), `parcels` empty.")
            .WithName("getCapacityTemplate").RequiresQuery("from", "to");
    }

    private static async Task<IResult> GetCapacityAsync(string? node, string? from, string? to, HttpContext http, NpgsqlDataSource db, CancellationToken ct)
    {
        var caller = Caller.From(http.User);
        if (string.IsNullOrWhiteSpace(node)) return Problems.Result(Problems.BadRequest, "node is required (a hub or warehouse code)");
        if (!TryTime(from, out var f) || !TryTime(to, out var t))
            return Problems.Result(Problems.BadRequest, "from and to are required: ISO 8601 times with an offset (2026-11-11T00:00:00+08:00)");
        if (t <= f || t - f > MaxRange) return Problems.Result(Problems.BadRequest, $"to must be after from, at most {MaxRange.TotalDays} days later");
        await using var conn = await db.OpenConnectionAsync(ct);
        var view = await CapacityQuery.GetAsync(conn, node, f, t, caller.IsOps ? null : caller.CarrierId ?? -1, ct);
        return view is null ? Problems.Result(Problems.NotFound, $"no node {Shown.Cut(node)}") : Results.Ok(view);
    }

    private static async Task<IResult> CsvAsync(string? from, string? to, string? carrier, HttpContext http, NpgsqlDataSource db,
        Func<NpgsqlConnection, long?, DateTimeOffset, DateTimeOffset, CancellationToken, Task<string>> make, string name, CancellationToken ct)
    {
        var caller = Caller.From(http.User);
        if (!TryTime(from, out var f) || !TryTime(to, out var t))
            return Problems.Result(Problems.BadRequest, "from and to are required: ISO 8601 times with an offset (2026-11-11T00:00:00+08:00)");
        if (f.Minute != 0 || f.Second != 0 || t.Minute != 0 || t.Second != 0) return Problems.Result(Problems.BadRequest, "from and to must be on the hour");
        if (t <= f || t - f > MaxRange) return Problems.Result(Problems.BadRequest, $"to must be after from, at most {MaxRange.TotalDays} days later");
        if (!caller.IsOps && carrier is not null) return Problems.Result(Problems.BadRequest, "carrier= is for ops keys; a carrier key always gets its own file");
        await using var conn = await db.OpenConnectionAsync(ct);
        var carrierId = caller.CarrierId;
        if (caller.IsOps && carrier is not null)
        {
            carrierId = await conn.ExecuteScalarAsync<long?>(new CommandDefinition("SELECT id FROM carriers WHERE code = @carrier", new { carrier }, cancellationToken: ct));
            if (carrierId is null) return Problems.Result(Problems.NotFound, $"no carrier '{carrier}'");
        }
        var csv = await make(conn, carrierId, f, t, ct);
        var file = $"{name}-{caller.CarrierCode ?? carrier ?? "outbound"}-{f.UtcDateTime:yyyyMMddHH}.csv";
        return Results.File(System.Text.Encoding.UTF8.GetBytes(csv), "text/csv; charset=utf-8", file);
    }

    // A bare date ("2026-11-11") passed the old check (its sixth character from the end is '-').
    private static bool TryTime(string? s, out DateTimeOffset at) => Rfc3339.TryParse(s, out at);
}
