namespace Logistics.Server.Ingest;

/// <summary>Bytes that are not UTF-8, with the line they are on.</summary>
public sealed class InvalidUtf8Exception(long line) : Exception($"line {line}: the file is not valid UTF-8")
{
    public long Line { get; } = line;
}
