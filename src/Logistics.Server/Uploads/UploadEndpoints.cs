using Logistics.Server.Auth;
using Microsoft.AspNetCore.Http.Features;
using Npgsql;

namespace Logistics.Server.Uploads;

internal static class UploadEndpoints
{
    public const long MaxSmallBody = 256L * 1024 * 1024;

    public static void MapSmallUploads(this IEndpointRouteBuilder app)
    {
        foreach (var kind in new[] { "network", "campaigns" })
        {
            app.MapPost($"/v1/{kind}/uploads", (HttpContext http, SmallUploadProcessor processor, CancellationToken ct) => SubmitAsync(kind, http, processor, ct))
                .RequireAuthorization(Policies.OpsWrite)
                .Accepts<string>("text/csv", "application/json")
                .Produces<UploadStatus>(StatusCodes.Status202Accepted)
                .ProducesProblem(400).ProducesProblem(401).ProducesProblem(403).ProducesProblem(413).ProducesProblem(415).ProducesProblem(422)
                .WithTags("uploads").WithSummary($"Upload a {kind} file (CSV or JSON); validated whole and applied in one transaction.");

        }
        foreach (var kind in new[] { "network", "campaigns", "signals", "outcomes" })
            app.MapGet($"/v1/{kind}/uploads/{{id:guid}}", (Guid id, HttpContext http, NpgsqlDataSource db, CancellationToken ct) => GetAsync(kind, id, http, db, ct))
                .RequireAuthorization(Policies.AnyKey)
                .Produces<UploadStatus>().ProducesProblem(401).ProducesProblem(404)
                .WithTags("uploads").WithSummary($"Status of a {kind} upload, with every bad line when rejected.");
    }

    private static async Task<IResult> SubmitAsync(string kind, HttpContext http, SmallUploadProcessor processor, CancellationToken ct)
    {
        var caller = Caller.From(http.User);
        var (contentType, idempotencyKey, problem) = UploadHeaders.Read(http.Request);
        if (problem is not null) return problem;
        if (http.Request.ContentLength > MaxSmallBody)
            return Problems.Result(Problems.PayloadTooLarge, $"the body is over {MaxSmallBody / 1024 / 1024} MiB");
        http.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize = MaxSmallBody;
        using var buffer = new MemoryStream();
        try { await http.Request.Body.CopyToAsync(buffer, ct); }
        catch (BadHttpRequestException e) when (e.StatusCode == 413)
        {
            return Problems.Result(Problems.PayloadTooLarge, $"the body is over {MaxSmallBody / 1024 / 1024} MiB");
        }

        try
        {
            var result = await processor.SubmitAsync(new UploadRequest(
                kind, "api", caller.KeyId, caller.CarrierId, idempotencyKey,
                contentType, null, buffer.ToArray()), ct);
            if (result.Replayed) http.Response.Headers["Idempotent-Replayed"] = "true";
            return Results.Accepted($"/v1/{kind}/uploads/{result.Upload.Id}", result.Upload);
        }
        catch (IdempotencyConflictException e)
        {
            return Problems.Result(Problems.IdempotencyConflict, e.Message);
        }
    }

    private static async Task<IResult> GetAsync(string kind, Guid id, HttpContext http, NpgsqlDataSource db, CancellationToken ct)
    {
        var caller = Caller.From(http.User);
        await using var conn = await db.OpenConnectionAsync(ct);
        var upload = await UploadStore.GetAsync(conn, id, ct);
        // Someone else's upload is answered exactly like a missing one.
        if (upload is null || upload.Kind != kind || !(caller.IsOps || await conn.IsOwnedByAsync(id, caller, ct)))
            return Problems.Result(Problems.NotFound, $"no {kind} upload {id}");
        return Results.Ok(upload);
    }
}
