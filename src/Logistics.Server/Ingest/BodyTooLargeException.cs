namespace Logistics.Server.Ingest;

/// <summary>An upload body over its limit: refused before it is read whole, and nothing is kept.</summary>
internal sealed class BodyTooLargeException(string message) : Exception(message)
{
    public static BodyTooLargeException Over(long maxBytes) => new($"the body is over the limit of {maxBytes} bytes");
}
