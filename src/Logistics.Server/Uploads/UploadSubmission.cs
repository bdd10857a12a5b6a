namespace Logistics.Server.Uploads;

/// <summary>
/// Who sent a file and how, whatever it holds; the body streams separately. <see cref="Length"/>:
/// the body's size when known before it is read (Content-Length, a file's size). <see cref="Id"/>:
/// the upload's id when the sender chose it (an inbox claim, so a retry finds its upload).
/// </summary>
internal sealed record UploadSubmission(string Source, long? ApiKeyId, long? CarrierId, string? IdempotencyKey, string ContentType, string? FileName,
    long? Length = null, Guid? Id = null)
{
    public const string Api = "api", CommandLine = "cli", Inbox = "inbox";

    public bool IsJson => ContentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase);

    /// <summary>An API request waits for its answer, so it may load a small upload itself; the command line and the inbox load everything themselves anyway.</summary>
    public bool FromApi => Source == Api;

    /// <summary>A file given on the command line (as ops, or ops speaking for <paramref name="carrierId"/>).</summary>
    public static UploadSubmission FromFile(string path, long? carrierId = null) =>
        new(CommandLine, null, carrierId, null, ContentTypeOf(path), Path.GetFileName(path), new FileInfo(path).Length);

    /// <summary>JSON by its name, else CSV.</summary>
    public static string ContentTypeOf(string fileName) =>
        fileName.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? "application/json" : "text/csv";
}
