using Logistics.Server.Auth;
using Logistics.Server.Ingest;
using Logistics.Server.Uploads;
using Microsoft.AspNetCore.Http.Features;
using Hangfire;
using Npgsql;

namespace Logistics.Server.Demand;

internal static class DemandEndpoints
{
    public static void MapDemandUploads(this IEndpointRouteBuilder app)
    {
        DemandExamples.Add();
        foreach (var kind in UploadKinds.Bulk)
            app.MapPost($"/v1/{UploadKinds.Name(kind)}/uploads", (HttpContext http, BulkIngest ingest, IBackgroundJobClient jobs, NpgsqlDataSource db, IConfiguration config, CancellationToken ct) =>
                    SubmitAsync(kind, http, ingest, jobs, db, config, ct))
                .RequireAuthorization(Policies.OpsWrite)
                .Accepts<string>("text/csv", "application/json", UploadBody.Multipart)
                .Produces<UploadStatus>(StatusCodes.Status202Accepted)
                .ProducesProblem(400).ProducesProblem(401).ProducesProblem(403).ProducesProblem(413).ProducesProblem(415).ProducesProblem(422)
                .WithTags("uploads").WithSummary($"Upload {UploadKinds.Name(kind)} (CSV or JSON): stored at once, validated whole and loaded by a background job.")
                .WithName($"upload{UploadKinds.Pascal(kind)}").Idempotent();
    }

    private static async Task<IResult> SubmitAsync(UploadKind kind, HttpContext http, BulkIngest ingest, IBackgroundJobClient jobs, NpgsqlDataSource db, IConfiguration config, CancellationToken ct)
    {
        var caller = Caller.From(http.User);
        var (contentType, idempotencyKey, problem) = UploadHeaders.Read(http.Request);
        if (problem is not null) return problem;
        var limit = config.GetValue("Logistics:MaxUploadBytes", 4L * 1024 * 1024 * 1024);
        // Refused before a byte of the body is read when it says it is too big, and cut off when it lies.
        if (http.Request.ContentLength > limit)
            return Problems.Result(Problems.PayloadTooLarge, $"the body is over the limit of {limit} bytes");
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size) size.MaxRequestBodySize = limit;
        // The CSV reader pulls the body synchronously as it parses; uploads are few (ops only) and
        // long, so one blocked thread each is the price of streaming without buffering the file.
        if (http.Features.Get<IHttpBodyControlFeature>() is { } control) control.AllowSynchronousIO = true;

        try
        {
            var (file, fileProblem) = await UploadBody.OpenAsync(http.Request, contentType, ct);
            if (file is null) return fileProblem!;
            var result = await ingest.ReceiveAsync(new BulkUploadRequest(IngestUploadJob.FormatOf(kind), "api", caller.KeyId, null,
                idempotencyKey, file.ContentType, file.FileName), file.Stream, null, ct);
            if (result.Replayed) http.Response.Headers["Idempotent-Replayed"] = "true";
            else if (result.Upload.State == UploadState.Queued) await IngestUploadJob.EnqueueAsync(jobs, db, result.Upload.Id, kind, ct);
            return Results.Accepted($"/v1/{UploadKinds.Name(kind)}/uploads/{result.Upload.Id}", result.Upload);
        }
        catch (IdempotencyConflictException e) { return Problems.Result(Problems.IdempotencyConflict, e.Message); }
        catch (BodyTooLargeException e) { return Problems.Result(Problems.PayloadTooLarge, e.Message); }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return Problems.Result(Problems.PayloadTooLarge, $"the body is over the limit of {limit} bytes");
        }
    }
}
