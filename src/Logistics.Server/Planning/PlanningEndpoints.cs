using Hangfire;
using Logistics.Server.Auth;
using Microsoft.AspNetCore.Mvc;
using Npgsql;

namespace Logistics.Server.Planning;

internal static class PlanningEndpoints
{
    /// <param name="DryRun">a what-if: plan on a worker with <paramref name="CapacityOverrides"/>, publish nothing, diff against the published run.</param>
    public sealed record PlanRequest(string Campaign, bool DryRun = false, IReadOnlyList<WhatIf.CapacityOverrideRequest?>? CapacityOverrides = null);

    /// <param name="Trigger">the Hangfire job's id as text (kept from the earlier contract).</param>
    /// <param name="JobId">the Hangfire job that runs it; see it at /ops/jobs/jobs/details/{job_id}.</param>
    public sealed record PlanQueued(string Campaign, string Trigger, string Status, string JobId)
    {
        /// <summary>A dry run's what-if id (follow it at /v1/what-ifs/{what_if}); null for a real run.</summary>
        public long? WhatIf { get; init; }
    }

    public static void MapPlanning(this IEndpointRouteBuilder app)
    {
        PlanningExamples.Add();
        app.MapPost("/v1/plan-runs", async ([FromBody] PlanRequest request, HttpContext http, NpgsqlDataSource db, IBackgroundJobClient jobs, CancellationToken ct) =>
        {
            if (string.IsNullOrWhiteSpace(request.Campaign)) return Problems.Result(Problems.BadRequest, "campaign is required, e.g. {\"campaign\": \"D11-2026\"}");
            if (request.DryRun) return await WhatIf.WhatIfEndpoints.QueueAsync(request, Caller.From(http.User), db, jobs, ct);
            if (request.CapacityOverrides is not null)
                return Problems.Result(Problems.BadRequest, "capacity_overrides are for a dry run (\"dry_run\": true); to change capacity for real, upload it, or publish the dry run (POST /v1/what-ifs/{id}/publish)");
            await using (var conn = await db.OpenConnectionAsync(ct))
                if (await Dapper.SqlMapper.ExecuteScalarAsync<long?>(conn, "SELECT id FROM campaigns WHERE code = @Campaign", request) is null)
                    return Problems.Result(Problems.NotFound, $"no campaign '{Shown.Cut(request.Campaign)}'");
            // Any worker runs it; a run of the campaign already going is recorded as skipped.
            var job = PlanningJob.Enqueue(jobs, request.Campaign);
            return Results.Accepted($"/v1/plan-runs/latest?campaign={Uri.EscapeDataString(request.Campaign)}",
                new PlanQueued(request.Campaign, $"job {job}", RunStatuses.Queued, job));
        }).RequireAuthorization(Policies.OpsWrite)
          .Produces<PlanQueued>(StatusCodes.Status202Accepted).ProducesProblem(401).ProducesProblem(403).ProducesProblem(404)
          .ProducesProblem(400)
          .WithTags("planning").WithSummary("Queue a planning run of one campaign now; follow it at /v1/plan-runs/latest. With `dry_run`, a what-if: the full run with `capacity_overrides`, publishing nothing; follow it at /v1/what-ifs/{what_if}.")
          .WithDescription("`capacity_overrides`: a list of `node` (hub or warehouse), `kind` (optional: `sort`, `pickup`, `outbound`; a hub's is sort, a warehouse's every kind there), `carrier` (optional: one carrier's pickup at a warehouse), `from`, `to` (RFC 3339 with an offset, on the hour) and either `parcels` (the hour's figure) or `factor` (times the current figure; 0.7 cuts by 30 %). Each bad field is named (`capacity_overrides[1].factor: ...`). A dry run, for example: `{\"campaign\": \"D11-2026\", \"dry_run\": true, \"capacity_overrides\": [{\"node\": \"C01-H05\", \"from\": \"2026-11-11T00:00:00+08:00\", \"to\": \"2026-11-11T12:00:00+08:00\", \"parcels\": 0}, {\"node\": \"W0020\", \"kind\": \"pickup\", \"carrier\": \"C03\", \"from\": \"2026-11-12T00:00:00+08:00\", \"to\": \"2026-11-13T00:00:00+08:00\", \"factor\": 0.7}]}`.")
          .WithName("createPlanRun");
    }
}
