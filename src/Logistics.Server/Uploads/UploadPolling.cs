using System.Globalization;

namespace Logistics.Server.Uploads;

/// <summary>How soon to look again at an upload: soon while it is queued or processing, the usual interval once it has a verdict.</summary>
internal static class UploadPolling
{
    public const int WhileWorkingSeconds = 2;

    public static IResult Answer(HttpContext http, UploadStatus upload)
    {
        if (!upload.IsFinal) http.Response.Headers["X-Poll-Interval"] = WhileWorkingSeconds.ToString(CultureInfo.InvariantCulture);
        return Results.Ok(upload);
    }
}
