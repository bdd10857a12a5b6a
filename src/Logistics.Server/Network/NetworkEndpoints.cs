using Dapper;
using Logistics.Server.Auth;
using Npgsql;

namespace Logistics.Server.Network;

internal static class NetworkEndpoints
{
    public sealed record Me(string Role, bool ReadOnly, string? Merchant, string? Carrier);
    public sealed record MerchantWarehouseView(string Code, string Name, string? Region);
    public sealed record MerchantView(string Code, string Name, string? Region, IReadOnlyList<MerchantWarehouseView> Warehouses);

    public static void MapNetwork(this IEndpointRouteBuilder app)
    {
        NetworkExamples.Add();
        app.MapGet("/v1/me", (HttpContext http) =>
        {
            var c = Caller.From(http.User);
            return Results.Ok(new Me(c.Role, c.ReadOnly, c.MerchantCode, c.CarrierCode));
        }).RequireAuthorization(Policies.AnyKey).Produces<Me>().ProducesProblem(400).ProducesProblem(401)
          .WithTags("network").WithSummary("Who this API key belongs to.").WithName("getMe");

        app.MapGet("/v1/merchants/{code}", async (string code, HttpContext http, NpgsqlDataSource db, CancellationToken ct) =>
        {
            var caller = Caller.From(http.User);
            // Tenancy lives in the query: a merchant's key can only ever select its own row.
            await using var conn = await db.OpenConnectionAsync(ct);
            var merchant = await conn.QuerySingleOrDefaultAsync<(long Id, string Code, string Name, string? Region)?>(new CommandDefinition("""
                SELECT m.id, m.code, m.name, r.code
                FROM merchants m LEFT JOIN regions r ON r.id = m.region_id
                WHERE m.code = @code AND (@merchantId::bigint IS NULL OR m.id = @merchantId)
                """, new { code, merchantId = caller.IsOps ? null : caller.MerchantId }, cancellationToken: ct));
            if (merchant is not { } m) return Problems.Result(Problems.NotFound, $"no merchant '{Shown.Cut(code)}'");
            var warehouses = await conn.QueryAsync<MerchantWarehouseView>(new CommandDefinition("""
                SELECT w.code, w.name, r.code AS region
                FROM merchant_warehouses mw
                JOIN warehouses w ON w.id = mw.warehouse_id
                LEFT JOIN regions r ON r.id = w.region_id
                WHERE mw.merchant_id = @Id
                ORDER BY w.code
                """, new { m.Id }, cancellationToken: ct));
            return Results.Ok(new MerchantView(m.Code, m.Name, m.Region, warehouses.ToList()));
        }).RequireAuthorization(Policies.MerchantOrOps).Produces<MerchantView>().ProducesProblem(400).ProducesProblem(401).ProducesProblem(403).ProducesProblem(404)
          .WithTags("network").WithSummary("A merchant and its warehouses (a merchant key sees only itself).").WithName("getMerchant");
    }
}
