using Logistics.Server.Storage;

namespace Logistics.Server.Health;

internal static class HealthEndpoints
{
    public static void MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", () => Results.Ok(new { status = "ok" }))
            .WithTags("health").WithSummary("Liveness: the process answers.").WithName("getHealth").AllowAnonymous();

        app.MapGet("/readyz", async (MigrationRunner migrations, CancellationToken ct) =>
        {
            try
            {
                var problem = await migrations.PendingOrMismatchAsync(ct);
                return problem is null
                    ? Results.Ok(new { status = "ready" })
                    : Problems.Result(Problems.NotReady, problem);
            }
            catch (Exception e) when (e is Npgsql.NpgsqlException or TimeoutException or System.Net.Sockets.SocketException)
            {
                return Problems.Result(Problems.DatabaseUnavailable, $"the database is unreachable: {e.Message}");
            }
        }).WithTags("health").WithSummary("Readiness: the database is reachable and every migration is applied.").WithName("getReadiness").Produces(200).ProducesProblem(503).AllowAnonymous();
    }
}
