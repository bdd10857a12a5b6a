namespace Logistics.Domain.Backtesting;

/// <summary>A rejected input line: 1-based <see cref="Line"/> (the header is line 1), the column's name, the raw value and why.</summary>
public sealed record LineError(int Line, string Column, string Value, string Reason)
{
    public override string ToString() => $"line {Line}, column {Column}, value '{Value}': {Reason}";
}

/// <summary>The parse of a whole file: all rows when <see cref="Errors"/> is empty, otherwise every bad line named.</summary>
public sealed record SeriesParseResult(IReadOnlyList<SeriesRow> Rows, IReadOnlyList<LineError> Errors)
{
    public bool Ok => Errors.Count == 0;
}
