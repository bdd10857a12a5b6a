namespace Logistics.Server.Ingest;

/// <summary>An upload body over its limit: refused before it is read whole, and nothing is kept.</summary>
internal sealed class BodyTooLargeException(string message) : Exception(message)
{
    /// <summary>The one wording of every kind's limit, whether Content-Length said so or the streamed body passed it.</summary>
    public static BodyTooLargeException Over(long maxBytes) =>
        new($"the body is over the limit of {maxBytes} bytes ({maxBytes / (1024.0 * 1024):0.#} MiB) for this kind of upload; split the file");
}
