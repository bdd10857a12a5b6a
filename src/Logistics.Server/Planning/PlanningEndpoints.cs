using Logistics.Server.Auth;
using Logistics.Server.Jobs;
using Microsoft.AspNetCore.Mvc;
using Npgsql;
using Quartz;

namespace Logistics.Server.Planning;

internal static class PlanningEndpoints
{
    public sealed record PlanRequest(string Campaign);
    public sealed record PlanQueued(string Campaign, string Trigger, string Status);

    public static void MapPlanning(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/plan-runs", async ([FromBody] PlanRequest request, NpgsqlDataSource db, ISchedulerFactory schedulers, CancellationToken ct) =>
        {
            await using (var conn = await db.OpenConnectionAsync(ct))
                if (await Dapper.SqlMapper.ExecuteScalarAsync<long?>(conn, "SELECT id FROM campaigns WHERE code = @Campaign", request) is null)
                    return Problems.Result(Problems.NotFound, $"no campaign '{request.Campaign}'");
            // A one-off trigger of the planning job: any worker runs it; a run already going is recorded as skipped.
            var trigger = TriggerBuilder.Create()
                .WithIdentity($"manual-{request.Campaign}-{Guid.NewGuid():N}", JobGroups.Planning)
                .ForJob(PlanningJob.Key)
                .UsingJobData("campaign", request.Campaign)
                .StartNow()
                .Build();
            await (await schedulers.GetScheduler(ct)).ScheduleJob(trigger, new ScheduleJobOptions(), ct);
            return Results.Accepted($"/v1/plan-runs/latest?campaign={Uri.EscapeDataString(request.Campaign)}",
                new PlanQueued(request.Campaign, trigger.Key.ToString(), "queued"));
        }).RequireAuthorization(Policies.OpsWrite)
          .Produces<PlanQueued>(StatusCodes.Status202Accepted).ProducesProblem(401).ProducesProblem(403).ProducesProblem(404)
          .WithTags("planning").WithSummary("Queue a planning run of one campaign now; follow it at /v1/plan-runs/latest.");
    }
}
