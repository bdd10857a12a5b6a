using Logistics.Server.Auth;
using Logistics.Server.Infrastructure;
using Logistics.Server.Ingest;
using Microsoft.AspNetCore.Http.Features;
using Hangfire;
using Npgsql;

namespace Logistics.Server.Uploads;

internal static class UploadEndpoints
{
    /// <summary>POST /v1/KIND/uploads and GET /v1/KIND/uploads/{id} for every kind of <see cref="UploadCatalog"/>.</summary>
    public static void MapUploads(this IEndpointRouteBuilder app)
    {
        UploadExamples.Add();
        foreach (var spec in UploadCatalog.All)
            app.MapPost($"/v1/{spec.Name}/uploads", (HttpContext http, UploadIntake intake, IBackgroundJobClient jobs, CancellationToken ct) => SubmitAsync(spec, http, intake, jobs, ct))
                .RequireAuthorization(spec.Senders)
                .Accepts<string>("text/csv", "application/json", UploadBody.Multipart)
                .Produces<UploadStatus>(StatusCodes.Status202Accepted)
                .ProducesProblem(400).ProducesProblem(401).ProducesProblem(403).ProducesProblem(413).ProducesProblem(415).ProducesProblem(422)
                .WithTags(spec.Tag).WithSummary(spec.Summary)
                .WithName($"upload{UploadKinds.Pascal(spec.Kind)}").Idempotent();
        foreach (var spec in UploadCatalog.All)
        {
            var get = app.MapGet($"/v1/{spec.Name}/uploads/{{id:guid}}", (Guid id, HttpContext http, NpgsqlDataSource db, CancellationToken ct) => GetAsync(spec.Kind, id, http, db, ct))
                .RequireAuthorization(spec.Readers)
                .Produces<UploadStatus>().ProducesProblem(400).ProducesProblem(401)
                .WithTags(spec.Tag).WithSummary($"Status of a {spec.Name} upload, with every bad line when rejected.")
                .WithName($"get{UploadKinds.Pascal(spec.Kind)}Upload");
            // Any key may ask (someone else's upload is a 404); a narrower policy can also answer 403.
            if (spec.Readers != Policies.AnyKey) get.ProducesProblem(403);
            get.ProducesProblem(404);
        }
    }

    private static async Task<IResult> SubmitAsync(UploadKindSpec spec, HttpContext http, UploadIntake intake, IBackgroundJobClient jobs, CancellationToken ct)
    {
        var caller = Caller.From(http.User);
        var (contentType, idempotencyKey, problem) = UploadHeaders.Read(http.Request);
        if (problem is not null) return problem;
        var limit = intake.MaxBodyBytes(spec.Kind);
        // Refused before a byte of the body is read when it says it is too large; otherwise counted as it streams.
        if (http.Request.ContentLength > limit) return Problems.Result(Problems.PayloadTooLarge, BodyTooLargeException.Over(limit).Message);
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size) size.MaxRequestBodySize = limit;
        try
        {
            var (file, fileProblem) = await UploadBody.OpenAsync(http.Request, contentType, ct);
            if (file is null) return fileProblem!;
            var submission = new UploadSubmission(UploadSubmission.Api, caller.KeyId, caller.CarrierId, idempotencyKey, file.ContentType, file.FileName,
                file.Stream == http.Request.Body ? http.Request.ContentLength : null);
            var result = await intake.ReceiveAsync(spec.Kind, submission, file.Stream, null, ct);
            if (result.Replayed) http.Response.Headers["Idempotent-Replayed"] = "true";
            await intake.QueueLoadAsync(jobs, result, ct);
            return Results.Accepted($"/v1/{spec.Name}/uploads/{result.Upload.Id}", result.Upload);
        }
        catch (BodyTooLargeException e) { return Problems.Result(Problems.PayloadTooLarge, e.Message); }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return Problems.Result(Problems.PayloadTooLarge, BodyTooLargeException.Over(limit).Message);   // a multipart body's headers past the limit
        }
        catch (IdempotencyConflictException e) { return Problems.Result(Problems.IdempotencyConflict, e.Message); }
    }

    private static async Task<IResult> GetAsync(UploadKind kind, Guid id, HttpContext http, NpgsqlDataSource db, CancellationToken ct)
    {
        var caller = Caller.From(http.User);
        await using var conn = await db.OpenConnectionAsync(ct);
        var upload = await UploadStore.GetAsync(conn, id, ct);
        // Someone else's upload is answered exactly like a missing one.
        if (upload is null || !upload.Is(kind) || !(caller.IsOps || await conn.IsOwnedByAsync(id, caller, ct)))
            return Problems.Result(Problems.NotFound, $"no {UploadKinds.Name(kind)} upload {id}");
        return UploadPolling.Answer(http, upload);
    }
}
