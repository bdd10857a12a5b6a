using System.Text.Json;
using Logistics.Server.Ingest;

namespace Logistics.Server;

/// <summary>RFC 9457 problem details with one stable type URI per kind of error.</summary>
public static class Problems
{
    public sealed record Kind(string Type, string Title, int Status);

    private const string Base = "https://logistics.dev/problems/";
    public static readonly Kind Unauthorized = new(Base + "unauthorized", "Missing or unknown API key", 401);
    public static readonly Kind Forbidden = new(Base + "forbidden", "This key may not do that", 403);
    public static readonly Kind NotFound = new(Base + "not-found", "Not found", 404);
    public static readonly Kind BadRequest = new(Base + "bad-request", "Bad request", 400);
    public static readonly Kind InvalidCursor = new(Base + "invalid-cursor", "Invalid feed cursor", 400);
    public static readonly Kind CursorExpired = new(Base + "cursor-expired", "Feed cursor expired", 410);
    public static readonly Kind RateLimited = new(Base + "rate-limited", "Too many requests", 429);
    public static readonly Kind IdempotencyConflict = new(Base + "idempotency-conflict", "Idempotency-Key reused with a different body", 422);
    public static readonly Kind UnsupportedMediaType = new(Base + "unsupported-media-type", "Unsupported content type", 415);
    public static readonly Kind PayloadTooLarge = new(Base + "payload-too-large", "Body too large", 413);
    public static readonly Kind NotReady = new(Base + "not-ready", "Not ready", 503);
    public static readonly Kind Internal = new(Base + "internal", "Internal error", 500);
    public static readonly Kind DatabaseUnavailable = new(Base + "database-unavailable", "Database unavailable", 503);

    public static IResult Result(Kind kind, string detail, IDictionary<string, object?>? extensions = null) =>
        Results.Problem(detail: detail, statusCode: kind.Status, title: kind.Title, type: kind.Type, extensions: extensions);

    public static Task Write(HttpContext http, Kind kind, string detail)
    {
        http.Response.StatusCode = kind.Status;
        http.Response.ContentType = "application/problem+json";
        return http.Response.WriteAsync(JsonSerializer.Serialize(new { type = kind.Type, title = kind.Title, status = kind.Status, detail }));
    }

    public static IResult Rejected(IReadOnlyList<RowError> errors) =>
        Result(BadRequest, errors.Count == 1 ? errors[0].ToString() : $"{errors.Count} errors, first: {errors[0]}");
}
