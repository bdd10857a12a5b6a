using System.Globalization;

namespace Logistics.Server.Ingest;

/// <summary>An upload body over its limit: refused before it is read whole, and nothing is kept.</summary>
internal sealed class BodyTooLargeException : Exception
{
    private BodyTooLargeException(string message, bool kindLimit) : base(message) => IsKindLimit = kindLimit;

    /// <summary>Over its kind's limit (the catalog's, which a setting may change), not over a format's own bound.</summary>
    public bool IsKindLimit { get; }

    /// <summary>The one wording of every kind's limit, whether Content-Length said so or the streamed body passed it.</summary>
    public static BodyTooLargeException Over(long maxBytes) =>
        new($"the body is over the limit of {maxBytes} bytes ({Size(maxBytes)}) for this kind of upload; split the file", kindLimit: true);

    /// <summary>A JSON body is read whole before it is staged, so it has a bound of its own below its kind's.</summary>
    public static BodyTooLargeException JsonOver(long maxBytes) =>
        new($"a JSON body is over the limit of {maxBytes} bytes ({Size(maxBytes)}); send CSV for larger files", kindLimit: false);

    private static string Size(long bytes) => bytes switch
    {
        >= 1L << 30 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 30):0.#} GiB"),
        >= 1L << 20 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 20):0.#} MiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.#} KiB"),
    };
}
