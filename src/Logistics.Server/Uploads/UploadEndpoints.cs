using Logistics.Server.Auth;
using Logistics.Server.Infrastructure;
using Microsoft.AspNetCore.Http.Features;
using Npgsql;

namespace Logistics.Server.Uploads;

internal static class UploadEndpoints
{
    /// <summary>
    /// The largest network or campaigns body. These files are read whole (their checks cross rows),
    /// so the limit is what bounds their memory: a 32 MiB file of the shortest lines took the server
    /// past 500 MB, 16 MiB stays well inside it. The national network is about 11 MB; a larger one
    /// goes up in parts (a row's parent may be in the file or already in the database).
    /// </summary>
    public const long MaxSmallBody = 16L * 1024 * 1024;

    public static void MapSmallUploads(this IEndpointRouteBuilder app)
    {
        UploadExamples.Add();
        foreach (var kind in UploadKinds.Small)
        {
            var name = UploadKinds.Name(kind);
            app.MapPost($"/v1/{name}/uploads", (HttpContext http, SmallUploadProcessor processor, CancellationToken ct) => SubmitAsync(kind, http, processor, ct))
                .RequireAuthorization(Policies.OpsWrite)
                .Accepts<string>("text/csv", "application/json", UploadBody.Multipart)
                .Produces<UploadStatus>(StatusCodes.Status202Accepted)
                .ProducesProblem(400).ProducesProblem(401).ProducesProblem(403).ProducesProblem(413).ProducesProblem(415).ProducesProblem(422)
                .WithTags("uploads").WithSummary($"Upload a {name} file (CSV or JSON); validated whole and applied in one transaction.")
                .WithName($"upload{UploadKinds.Pascal(kind)}").Idempotent();

        }
        foreach (var kind in UploadKinds.Small.Concat(UploadKinds.Bulk))
            app.MapGet($"/v1/{UploadKinds.Name(kind)}/uploads/{{id:guid}}", (Guid id, HttpContext http, NpgsqlDataSource db, CancellationToken ct) => GetAsync(kind, id, http, db, ct))
                .RequireAuthorization(Policies.AnyKey)
                .Produces<UploadStatus>().ProducesProblem(400).ProducesProblem(401).ProducesProblem(404)
                .WithTags("uploads").WithSummary($"Status of a {UploadKinds.Name(kind)} upload, with every bad line when rejected.")
                .WithName($"get{UploadKinds.Pascal(kind)}Upload");
    }

    private static async Task<IResult> SubmitAsync(UploadKind kind, HttpContext http, SmallUploadProcessor processor, CancellationToken ct)
    {
        var caller = Caller.From(http.User);
        var (contentType, idempotencyKey, problem) = UploadHeaders.Read(http.Request);
        if (problem is not null) return problem;
        if (http.Request.ContentLength > MaxSmallBody)
            return Problems.Result(Problems.PayloadTooLarge, $"the body is over {MaxSmallBody / 1024 / 1024} MiB");
        http.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize = MaxSmallBody;
        var (file, fileProblem) = await UploadBody.OpenAsync(http.Request, contentType, ct);
        if (file is null) return fileProblem!;
        byte[] body;
        try { body = await ReadBodyAsync(http.Request, file, ct); }
        catch (BadHttpRequestException e) when (e.StatusCode == 413)
        {
            // The limit's worth of buffer read before the refusal is garbage now (off the read's stack first).
            await Task.Yield();
            MemoryReturn.AfterBody(MaxSmallBody);
            return Problems.Result(Problems.PayloadTooLarge, $"the body is over {MaxSmallBody / 1024 / 1024} MiB");
        }

        try
        {
            var result = await processor.SubmitAsync(new UploadRequest(
                kind, "api", caller.KeyId, caller.CarrierId, idempotencyKey,
                file.ContentType, file.FileName, body), ct);
            if (result.Replayed) http.Response.Headers["Idempotent-Replayed"] = "true";
            return Results.Accepted($"/v1/{UploadKinds.Name(kind)}/uploads/{result.Upload.Id}", result.Upload);
        }
        catch (IdempotencyConflictException e)
        {
            return Problems.Result(Problems.IdempotencyConflict, e.Message);
        }
    }

    /// <summary>
    /// The body in one array of its exact size: read straight into it when Content-Length gives the
    /// size, else grown in a MemoryStream (Kestrel stops a chunked body at the limit with a 413).
    /// </summary>
    private static async Task<byte[]> ReadBodyAsync(HttpRequest request, UploadBody file, CancellationToken ct)
    {
        if (request.ContentLength is { } length && file.Stream == request.Body)
        {
            var exact = new byte[length];
            await request.Body.ReadExactlyAsync(exact, ct);
            return exact;
        }
        using var buffer = new MemoryStream();
        await file.Stream.CopyToAsync(buffer, ct);
        if (buffer.Length > MaxSmallBody) throw new BadHttpRequestException("too large", StatusCodes.Status413PayloadTooLarge);
        return buffer.ToArray();
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
