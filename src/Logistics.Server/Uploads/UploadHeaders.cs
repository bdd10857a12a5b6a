namespace Logistics.Server.Uploads;

/// <summary>The headers every upload endpoint checks the same way before reading a byte of the body.</summary>
internal static class UploadHeaders
{
    public const int MaxIdempotencyKey = 200;

    /// <returns>the content type and idempotency key, or the problem to answer.</returns>
    public static (string ContentType, string? IdempotencyKey, IResult? Problem) Read(HttpRequest request)
    {
        var contentType = request.ContentType ?? "";
        if (!contentType.StartsWith("text/csv", StringComparison.OrdinalIgnoreCase) && !contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase)
            && !contentType.StartsWith(UploadBody.Multipart, StringComparison.OrdinalIgnoreCase))
            return (contentType, null, Problems.Result(Problems.UnsupportedMediaType,
                $"send the file as text/csv or application/json, or as the one file of a multipart/form-data body; not '{Shown.Cut(contentType.Length == 0 ? "no Content-Type" : contentType)}'"));
        var key = request.Headers["Idempotency-Key"].ToString();
        if (key.Length > MaxIdempotencyKey || key.Any(char.IsControl))
            return (contentType, null, Problems.Result(Problems.BadRequest, $"Idempotency-Key is at most {MaxIdempotencyKey} printable characters"));
        return (contentType, key.Length == 0 ? null : key, null);
    }
}
