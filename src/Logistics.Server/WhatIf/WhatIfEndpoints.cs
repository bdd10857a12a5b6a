using System.Text;
using System.Text.Json;
using Dapper;
using Hangfire;
using Logistics.Server.Auth;
using Logistics.Server.Capacity;
using Logistics.Server.Planning;
using Logistics.Server.Uploads;
using Npgsql;

namespace Logistics.Server.WhatIf;

/// <summary>What-if runs: queued by POST /v1/plan-runs with dry_run, read at /v1/what-ifs/{id}, made real by "publish".</summary>
internal static class WhatIfEndpoints
{
    /// <summary>"Publish this": the uploads it made and the planning run queued after them (none when an upload was rejected).</summary>
    public sealed record WhatIfPublished(long WhatIf, IReadOnlyList<UploadStatus> Uploads, string? PlanJobId);

    /// <summary>A what_if_runs row; settable, since Dapper sees a null uuid[] as System.Array and matches no constructor.</summary>
    private sealed class Row
    {
        public long Id { get; set; }
        public string Campaign { get; set; } = "";
        public RunStatus Status { get; set; }
        public string Overrides { get; set; } = "[]";
        public DateTime CreatedAt { get; set; }
        public DateTime? StartedAt { get; set; }
        public DateTime? FinishedAt { get; set; }
        public string? JobId { get; set; }
        public string? Diff { get; set; }
        public string? Error { get; set; }
        public Guid[]? PublishedUploadIds { get; set; }
    }

    public static void MapWhatIf(this IEndpointRouteBuilder app)
    {
        WhatIfExamples.Add();
        app.MapGet("/v1/what-ifs/{id:long}", GetAsync).RequireAuthorization(Policies.Ops)
            .Produces<WhatIfView>().ProducesProblem(400).ProducesProblem(401).ProducesProblem(403).ProducesProblem(404)
            .WithTags("planning").WithSummary("A what-if (a dry planning run with capacity overridden): its status and, once finished, its diff against the published run.").WithName("getWhatIf");
        app.MapPost("/v1/what-ifs/{id:long}/publish", PublishAsync).RequireAuthorization(Policies.OpsWrite)
            .Produces<WhatIfPublished>(StatusCodes.Status202Accepted).ProducesProblem(400).ProducesProblem(401).ProducesProblem(403).ProducesProblem(404)
            .WithTags("planning").WithSummary("Publish this: turn a finished what-if's overrides into capacity uploads by ops (one per carrier, speaking for it, and one for outbound), with the normal validation, and queue a planning run.").WithName("publishWhatIf");
    }

    /// <summary>The answer to POST /v1/plan-runs with dry_run.</summary>
    public static async Task<IResult> QueueAsync(PlanningEndpoints.PlanRequest request, Caller caller, NpgsqlDataSource db, IBackgroundJobClient jobs, CancellationToken ct)
    {
        var queued = await EnqueueAsync(request.Campaign, request.CapacityOverrides, caller, db, jobs, ct);
        if (queued.CampaignMissing) return Problems.Result(Problems.NotFound, $"no campaign '{Shown.Cut(request.Campaign)}'");
        if (queued.Errors.Count > 0) return Problems.Result(Problems.BadRequest, string.Join("; ", queued.Errors), new Dictionary<string, object?> { ["errors"] = queued.Errors });
        return Results.Accepted($"/v1/what-ifs/{queued.Id}", new PlanningEndpoints.PlanQueued(request.Campaign, $"job {queued.JobId}", RunStatuses.Queued, queued.JobId!) { WhatIf = queued.Id });
    }

    public sealed record Enqueued(long? Id, string? JobId, IReadOnlyList<string> Errors, bool CampaignMissing = false);

    /// <summary>Checks the overrides against the network now and queues the what-if on the planning queue (the API and the dashboard's form).</summary>
    public static async Task<Enqueued> EnqueueAsync(string campaign, IReadOnlyList<CapacityOverrideRequest?>? requests, Caller caller, NpgsqlDataSource db, IBackgroundJobClient jobs, CancellationToken ct)
    {
        var (parsed, errors) = WhatIfRequests.Parse(requests);
        await using var conn = await db.OpenConnectionAsync(ct);
        if (await conn.ExecuteScalarAsync<long?>(new CommandDefinition("SELECT id FROM campaigns WHERE code = @campaign", new { campaign }, cancellationToken: ct)) is null)
            return new Enqueued(null, null, [], CampaignMissing: true);
        if (errors.Count == 0 || parsed.Count > 0)
            errors.AddRange(OverrideChecks.Check(parsed, await NetworkFacts.LoadAsync(conn, ct)).Errors);
        if (errors.Count > 0) return new Enqueued(null, null, errors);

        var id = await conn.ExecuteScalarAsync<long>(new CommandDefinition(WhatIfSql.Insert,
            new { campaign, overrides = JsonSerializer.Serialize(parsed, WhatIfRun.Json), keyId = caller.KeyId }, cancellationToken: ct));
        var job = WhatIfJob.Enqueue(jobs, id);
        await conn.ExecuteAsync(new CommandDefinition(WhatIfSql.SetJob, new { id, job }, cancellationToken: ct));
        return new Enqueued(id, job, []);
    }

    internal static async Task<WhatIfView?> FindAsync(NpgsqlConnection conn, long id, CancellationToken ct)
    {
        var row = await conn.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(WhatIfSql.Get, new { id }, cancellationToken: ct));
        return row is null ? null : View(row);
    }

    internal static async Task<IReadOnlyList<WhatIfView>> RecentAsync(NpgsqlConnection conn, int limit, CancellationToken ct) =>
        [.. (await conn.QueryAsync<Row>(new CommandDefinition(WhatIfSql.Recent, new { limit }, cancellationToken: ct))).Select(View)];

    private static WhatIfView View(Row r)
    {
        static DateTimeOffset Utc(DateTime t) => new(DateTime.SpecifyKind(t, DateTimeKind.Utc));
        return new WhatIfView(r.Id, r.Campaign, RunStatuses.Name(r.Status), JsonSerializer.Deserialize<List<CapacityOverride>>(r.Overrides, WhatIfRun.Json) ?? [],
            Utc(r.CreatedAt), r.StartedAt is { } s ? Utc(s) : null, r.FinishedAt is { } f ? Utc(f) : null, r.JobId,
            r.Diff is null ? null : JsonSerializer.Deserialize<WhatIfDiff>(r.Diff, WhatIfRun.Json), r.Error, r.PublishedUploadIds ?? []);
    }

    private static async Task<IResult> GetAsync(long id, NpgsqlDataSource db, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await FindAsync(conn, id, ct) is { } view ? Results.Ok(view) : Problems.Result(Problems.NotFound, $"no what-if {id}");
    }

    internal static async Task<IResult> PublishAsync(long id, HttpContext http, NpgsqlDataSource db, UploadIntake intake, IBackgroundJobClient jobs, CancellationToken ct)
    {
        var (published, problem, detail) = await PublishCoreAsync(id, Caller.From(http.User), db, intake, jobs, ct);
        return published is not null ? Results.Accepted($"/v1/what-ifs/{id}", published) : Problems.Result(problem!, detail!);
    }

    /// <summary>"Publish this", for the API and the dashboard's button: the uploads made, or the problem.</summary>
    internal static async Task<(WhatIfPublished? Published, Problems.Kind? Problem, string? Detail)> PublishCoreAsync(long id, Caller caller, NpgsqlDataSource db,
        UploadIntake intake, IBackgroundJobClient jobs, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        if (await FindAsync(conn, id, ct) is not { } whatIf) return (null, Problems.NotFound, $"no what-if {id}");
        if (whatIf.State != RunStatus.Finished) return (null, Problems.BadRequest, $"what-if {id} is {whatIf.Status}: only a finished what-if can be published");
        if (whatIf.PublishedUploads.Count > 0) return (null, Problems.BadRequest, $"what-if {id} was published already (uploads {string.Join(", ", whatIf.PublishedUploads)})");
        var network = await NetworkFacts.LoadAsync(conn, ct);
        var (resolved, errors) = OverrideChecks.Check(whatIf.CapacityOverrides, network);
        if (errors.Count > 0) return (null, Problems.BadRequest, "the network changed since the what-if: " + string.Join("; ", errors));

        var uploads = new List<UploadStatus>();
        foreach (var file in await OverrideUploads.BuildAsync(conn, resolved, network, ct))
        {
            var carrierId = file.Carrier is null ? null : await conn.ExecuteScalarAsync<long?>(new CommandDefinition("SELECT id FROM carriers WHERE code = @Carrier", file, cancellationToken: ct));
            // The normal path of an ops upload speaking for the carrier: every check, the same load.
            await using var body = new MemoryStream(Encoding.UTF8.GetBytes(file.Csv));
            var result = await intake.ReceiveAsync(UploadKind.Capacity, new UploadSubmission(UploadSubmission.Api, caller.KeyId, carrierId,
                $"what-if-{id}-{file.Carrier ?? "outbound"}", "text/csv", $"what-if-{id}.csv", body.Length), body, null, ct);
            await intake.QueueLoadAsync(jobs, result, ct);
            uploads.Add(result.Upload);
        }
        await conn.ExecuteAsync(new CommandDefinition("UPDATE what_if_runs SET published_upload_ids = @ids WHERE id = @id",
            new { id, ids = uploads.Select(u => u.Id).ToArray() }, cancellationToken: ct));
        // Plan again once the capacity is in: at once when every upload was loaded by this request; a
        // queued load is picked up by the next scheduled run (or Plan now). A rejected one plans nothing.
        var plan = uploads.All(u => u.State == UploadState.Accepted) ? PlanningJob.Enqueue(jobs, whatIf.Campaign) : null;
        return (new WhatIfPublished(id, uploads, plan), null, null);
    }
}
