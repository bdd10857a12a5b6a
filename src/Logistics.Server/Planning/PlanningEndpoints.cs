using Hangfire;
using Logistics.Server.Auth;
using Microsoft.AspNetCore.Mvc;
using Npgsql;

namespace Logistics.Server.Planning;

internal static class PlanningEndpoints
{
    public sealed record PlanRequest(string Campaign);

    /// <param name="Trigger">the Hangfire job's id as text (kept from the earlier contract).</param>
    /// <param name="JobId">the Hangfire job that runs it; see it at /ops/jobs/jobs/details/{job_id}.</param>
    public sealed record PlanQueued(string Campaign, string Trigger, string Status, string JobId);

    public static void MapPlanning(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/plan-runs", async ([FromBody] PlanRequest request, NpgsqlDataSource db, IBackgroundJobClient jobs, CancellationToken ct) =>
        {
            await using (var conn = await db.OpenConnectionAsync(ct))
                if (await Dapper.SqlMapper.ExecuteScalarAsync<long?>(conn, "SELECT id FROM campaigns WHERE code = @Campaign", request) is null)
                    return Problems.Result(Problems.NotFound, $"no campaign '{Shown.Cut(request.Campaign)}'");
            // Any worker runs it; a run of the campaign already going is recorded as skipped.
            var job = PlanningJob.Enqueue(jobs, request.Campaign);
            return Results.Accepted($"/v1/plan-runs/latest?campaign={Uri.EscapeDataString(request.Campaign)}",
                new PlanQueued(request.Campaign, $"job {job}", "queued", job));
        }).RequireAuthorization(Policies.OpsWrite)
          .Produces<PlanQueued>(StatusCodes.Status202Accepted).ProducesProblem(401).ProducesProblem(403).ProducesProblem(404)
          .WithTags("planning").WithSummary("Queue a planning run of one campaign now; follow it at /v1/plan-runs/latest.");
    }
}
