using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Logistics.Server.Uploads;

/// <summary>The file of an upload: the body itself, or the one file of a multipart/form-data body.</summary>
internal sealed record UploadBody(string ContentType, Stream Stream, string? FileName)
{
    public const string Multipart = "multipart/form-data";

    /// <summary>
    /// The body as it came, or for multipart (browsers, `curl -F file=@x.csv`) the first part that
    /// is a file, streamed as it arrives: its type from the part, else from its name (.json or CSV).
    /// </summary>
    public static async Task<(UploadBody? Body, IResult? Problem)> OpenAsync(HttpRequest request, string contentType, CancellationToken ct)
    {
        if (!contentType.StartsWith(Multipart, StringComparison.OrdinalIgnoreCase))
            return (new UploadBody(contentType, request.Body, null), null);
        var boundary = MediaTypeHeaderValue.TryParse(contentType, out var media) ? HeaderUtilities.RemoveQuotes(media.Boundary).Value : null;
        if (string.IsNullOrEmpty(boundary))
            return (null, Problems.Result(Problems.BadRequest, "a multipart/form-data body needs its boundary in the Content-Type"));
        var reader = new MultipartReader(boundary, request.Body);
        try
        {
            while (await reader.ReadNextSectionAsync(ct) is { } section)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) || !disposition.IsFileDisposition())
                    continue;   // a plain form field: the reader skips what is left of it
                var name = HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value;
                var type = section.ContentType ?? "";
                if (!type.StartsWith("text/csv", StringComparison.OrdinalIgnoreCase) && !type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
                    type = UploadSubmission.ContentTypeOf(name ?? "");
                return (new UploadBody(type, section.Body, name), null);
            }
        }
        catch (InvalidDataException e)
        {
            return (null, Problems.Result(Problems.BadRequest, $"the multipart/form-data body is malformed: {e.Message}"));
        }
        return (null, Problems.Result(Problems.BadRequest, "the multipart/form-data body has no file: send it as a file field (curl -F file=@capacity.csv)"));
    }
}
