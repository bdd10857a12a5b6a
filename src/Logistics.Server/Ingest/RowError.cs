namespace Logistics.Server.Ingest;

/// <summary>
/// One bad line of an upload: where it is, what it held, which rule it broke and why it is wrong.
/// What it repeats of the file is cut (<see cref="Shown"/>) as it is made, so an error report has a
/// fixed maximum size per line whatever the file held: the value to <see cref="Shown.MaxValueChars"/>
/// characters, the column name and the reason (which may quote the value) to fixed lengths too.
/// </summary>
public sealed record RowError(long Line, string Column, string? Value, LineRule Rule, string Reason)
{
    public const int MaxColumnChars = 100;
    public const int MaxReasonChars = 1000;

    public string Column { get; init; } = Shown.Cut(Column, MaxColumnChars);
    public string? Value { get; init; } = Value is null ? null : Shown.Cut(Value);

    // A report stored before rules existed has none: it reads as unclassified, never as null.
    public LineRule Rule { get; init; } = Rule ?? LineRule.Unclassified;
    public string Reason { get; init; } = Shown.Cut(Reason, MaxReasonChars);

    // The rule last, in brackets: a person reads the reason, a script can still pick the code out.
    public override string ToString() =>
        $"line {Line}, column {Column}{(Value is null ? "" : $", value '{Value}'")}: {Reason} [{Rule.Code}]";
}
