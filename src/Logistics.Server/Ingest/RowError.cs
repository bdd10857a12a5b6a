namespace Logistics.Server.Ingest;

/// <summary>One bad line of an upload: where it is, what it held and why it is wrong.</summary>
public sealed record RowError(long Line, string Column, string? Value, string Reason)
{
    public override string ToString() =>
        $"line {Line}, column {Column}{(Value is null ? "" : $", value '{Value}'")}: {Reason}";
}
