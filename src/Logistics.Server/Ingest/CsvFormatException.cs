namespace Logistics.Server.Ingest;

/// <summary>A CSV body that cannot be read on: a quote out of place, or a line too long; with its line.</summary>
public sealed class CsvFormatException(long line, string reason, LineRule? rule = null) : Exception($"line {line}: {reason}")
{
    public long Line { get; } = line;
    public string Reason { get; } = reason;

    /// <summary>A quote out of place unless said otherwise (a line too long).</summary>
    public LineRule Rule { get; } = rule ?? LineRule.MalformedCsv;

    public RowError ToError() => new(Line, "", null, Rule, Reason);
}
