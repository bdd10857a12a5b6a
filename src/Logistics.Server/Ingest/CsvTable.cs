using System.Text;
using System.Text.Unicode;

namespace Logistics.Server.Ingest;

/// <summary>
/// A small CSV file read whole, with its header checked against the columns a format allows.
/// Used for the campaign and network files; the large formats stream instead.
/// </summary>
public sealed record CsvTable(IReadOnlyList<string> Header, IReadOnlyList<CsvRow> Rows)
{
    /// <summary>
    /// Parses and checks the header; on a bad header returns its errors and no table. Reading stops at
    /// a quote out of place or bytes that are not UTF-8: the rows before them are returned to be
    /// checked (as the streaming paths check them), with that error.
    /// </summary>
    public static (CsvTable? Table, IReadOnlyList<RowError> Errors) Parse(
        byte[] body, IReadOnlyList<string> required, IReadOnlyList<string> optional)
    {
        if (body.Length == 0 || body.AsSpan().SequenceEqual("\uFEFF"u8))
            return (null, [new RowError(1, "", null, LineRule.EmptyFile, "the file is empty: expected a header row")]);
        if (!Utf8.IsValid(body))
        {
            var (line, start) = FirstInvalidUtf8Line(body);
            var invalid = new RowError(1 + line, "", null, LineRule.NotUtf8, "the file is not valid UTF-8");
            if (start == 0) return (null, [invalid]);
            var (table, errors) = Read(body, start, required, optional, truncated: true);
            return (table, [.. errors, invalid]);
        }
        return Read(body, body.Length, required, optional, truncated: false);
    }

    /// <param name="truncated">
    /// the body is cut at <paramref name="length"/> (before bytes that are not UTF-8): a quoted field
    /// left open there is the cut's doing, so no quote error is reported for it.
    /// </param>
    private static (CsvTable? Table, IReadOnlyList<RowError> Errors) Read(
        byte[] body, int length, IReadOnlyList<string> required, IReadOnlyList<string> optional, bool truncated)
    {
        var reader = new Utf8CsvReader(new MemoryStream(body, 0, length, writable: false));
        var rows = new List<CsvRow>();
        var repeated = new Dictionary<string, string>(StringComparer.Ordinal);
        List<string>? header = null;
        try
        {
            header = reader.TryRead() ? [.. Fields(reader, repeated).Select(f => f.Trim())] : [];
            var headerErrors = CheckHeader(header, required, optional);
            if (headerErrors.Count > 0) return (null, headerErrors);
            while (reader.TryRead())
            {
                if (reader.FieldCount == 1 && reader[0].IsEmpty) continue;   // blank line
                rows.Add(new CsvRow(reader.RecordLine, header, Fields(reader, repeated)));
            }
            return (new CsvTable(header, rows), []);
        }
        catch (CsvFormatException e)
        {
            // Past a good header (a bad one returned above), the rows before the broken one are still checked.
            return (header is null ? null : new CsvTable(header, rows), truncated ? [] : [e.ToError()]);
        }
    }

    private static string[] Fields(Utf8CsvReader reader, Dictionary<string, string> repeated)
    {
        var fields = new string[reader.FieldCount];
        for (var i = 0; i < fields.Length; i++) fields[i] = Repeated(Encoding.UTF8.GetString(reader[i]), repeated);
        return fields;
    }

    /// <summary>
    /// Short values that repeat down a column (kinds, parents, regions) are held once: a file read
    /// whole keeps every row, and a copy of "warehouse" in each would be most of it.
    /// </summary>
    private static string Repeated(string field, Dictionary<string, string> seen)
    {
        if (field.Length > 24) return field;
        if (seen.TryGetValue(field, out var held)) return held;
        if (seen.Count < 100_000) seen[field] = field;
        return field;
    }

    public static IReadOnlyList<RowError> CheckHeader(IReadOnlyList<string> header, IReadOnlyList<string> required, IReadOnlyList<string> optional)
    {
        var expected = string.Join(",", required);
        if (header.Count == 1 && (header[0].Contains(';') || header[0].Contains('\t')))
            return [new RowError(1, "", header[0], LineRule.WrongDelimiter, $"wrong delimiter: fields are separated by commas (expected header {expected})")];
        var errors = new List<RowError>();
        foreach (var (name, i) in header.Select((h, i) => (h, i)))
        {
            if (!required.Contains(name) && !optional.Contains(name))
                errors.Add(new RowError(1, $"#{i + 1}", name, LineRule.UnknownColumn,
                    DidYouMean.Append($"unknown column (expected header {expected})", DidYouMean.Keyword(name, [.. required, .. optional]))));
            else if (header.Take(i).Contains(name))
                errors.Add(new RowError(1, name, name, LineRule.DuplicateColumn, "column appears twice in the header"));
        }
        foreach (var name in required.Where(r => !header.Contains(r)))
            errors.Add(new RowError(1, name, null, LineRule.MissingColumn, $"missing column (expected header {expected})"));
        return errors;
    }

    /// <returns>the 0-based line holding the first bytes that are not UTF-8, and where that line starts.</returns>
    private static (long Line, int Start) FirstInvalidUtf8Line(ReadOnlySpan<byte> body)
    {
        // Grow a valid prefix line by line; the first line that breaks validity is the culprit.
        long line = 0;
        var start = 0;
        while (start < body.Length)
        {
            var nl = body[start..].IndexOf((byte)'\n');
            var end = nl < 0 ? body.Length : start + nl + 1;
            if (!Utf8.IsValid(body[start..end])) return (line, start);
            line++;
            start = end;
        }
        return (line, start);
    }
}

/// <summary>One data row, addressable by column name.</summary>
public sealed record CsvRow(long Line, IReadOnlyList<string> Header, string[] Fields)
{
    public string this[string column]
    {
        get
        {
            for (var i = 0; i < Header.Count; i++)
                if (Header[i] == column) return i < Fields.Length ? Fields[i].Trim() : "";
            return "";
        }
    }

    public bool Has(string column) => Header.Contains(column);
}
