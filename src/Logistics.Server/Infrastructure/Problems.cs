using System.Text.Json;
using Logistics.Server.Ingest;

namespace Logistics.Server;

/// <summary>RFC 9457 problem details with one stable type URI per kind of error.</summary>
public static class Problems
{
    /// <summary>One kind of error: its stable type URI, title, status and when it happens (the OpenAPI document lists them all).</summary>
    public sealed record Kind(string Type, string Title, int Status, string When);

    public const string Base = "https://logistics.dev/problems/";
    public static readonly Kind Unauthorized = new(Base + "unauthorized", "Missing or unknown API key", 401,
        "no `Authorization: Bearer <key>` header, or a key that is unknown, revoked or malformed");
    public static readonly Kind Forbidden = new(Base + "forbidden", "This key may not do that", 403,
        "the key's role may not use this endpoint (a carrier key on the alert feed), or a read-only key tried to change something");
    public static readonly Kind NotFound = new(Base + "not-found", "Not found", 404,
        "no such resource, or one that belongs to another tenant (never revealed to exist)");
    public static readonly Kind BadRequest = new(Base + "bad-request", "Bad request", 400,
        "a parameter or body is invalid, a query parameter the endpoint does not take, or an unknown code in a parameter; `detail` names it (for a rejected file: line, column, value and reason)");
    public static readonly Kind InvalidCursor = new(Base + "invalid-cursor", "Invalid feed cursor", 400,
        "`after` is malformed, belongs to another feed, or was never issued");
    public static readonly Kind CursorExpired = new(Base + "cursor-expired", "Feed cursor expired", 410,
        "events after this cursor were removed by retention: read GET /v1/alerts, then the feed again without `after`");
    public static readonly Kind RateLimited = new(Base + "rate-limited", "Too many requests", 429,
        "the key or the client address is over its per-minute request limit, or the address presented too many unknown keys; `Retry-After` says when to try again");
    public static readonly Kind IdempotencyConflict = new(Base + "idempotency-conflict", "Idempotency-Key reused with a different body", 422,
        "the same `Idempotency-Key` was sent earlier with a different body; nothing was stored");
    public static readonly Kind UnsupportedMediaType = new(Base + "unsupported-media-type", "Unsupported content type", 415,
        "an upload whose `Content-Type` is not `text/csv`, `application/json` or `multipart/form-data` (one file), or a JSON body sent as anything but `application/json`");
    public static readonly Kind MethodNotAllowed = new(Base + "method-not-allowed", "Method not allowed", 405,
        "the path exists but not with this method; `Allow` lists the methods it takes");
    public static readonly Kind PayloadTooLarge = new(Base + "payload-too-large", "Body too large", 413,
        "an upload over the configured size limit, refused before it is read whole");
    public static readonly Kind NotReady = new(Base + "not-ready", "Not ready", 503,
        "the server is starting (migrations or the feed state not loaded yet)");
    public static readonly Kind Internal = new(Base + "internal", "Internal error", 500,
        "an unexpected error; it has been logged");
    public static readonly Kind DatabaseUnavailable = new(Base + "database-unavailable", "Database unavailable", 503,
        "the database is unreachable; `Retry-After` says when to try again, and the server recovers by itself");

    /// <summary>Every kind, for the OpenAPI document.</summary>
    public static IReadOnlyList<Kind> All { get; } =
        [BadRequest, InvalidCursor, Unauthorized, Forbidden, NotFound, MethodNotAllowed, CursorExpired, PayloadTooLarge, UnsupportedMediaType,
         IdempotencyConflict, RateLimited, Internal, NotReady, DatabaseUnavailable];

    /// <summary>A detail may quote the request (a code, a value): never more than this of it goes back.</summary>
    public const int MaxDetailChars = 2000;

    public static IResult Result(Kind kind, string detail, IDictionary<string, object?>? extensions = null) =>
        Results.Problem(detail: Shown.Cut(detail, MaxDetailChars), statusCode: kind.Status, title: kind.Title, type: kind.Type, extensions: extensions);

    public static Task Write(HttpContext http, Kind kind, string detail)
    {
        http.Response.StatusCode = kind.Status;
        http.Response.ContentType = "application/problem+json";
        return http.Response.WriteAsync(JsonSerializer.Serialize(new { type = kind.Type, title = kind.Title, status = kind.Status, detail = Shown.Cut(detail, MaxDetailChars), trace_id = ProblemSetup.TraceId(http) }));
    }

    public static IResult Rejected(IReadOnlyList<RowError> errors) =>
        Result(BadRequest, errors.Count == 1 ? errors[0].ToString() : $"{errors.Count} errors, first: {errors[0]}");
}
