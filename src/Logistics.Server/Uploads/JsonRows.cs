using System.Globalization;
using System.Text.Json;
using Logistics.Server.Ingest;

namespace Logistics.Server.Uploads;

/// <summary>
/// Turns a JSON array of flat objects into the same table a CSV file gives, so both bodies share
/// one validation. A JSON row's "line" is its 1-based position in the array.
/// </summary>
internal static class JsonRows
{
    /// <summary>
    /// The table of the rows that are well-formed, and the errors of those that are not (not an
    /// object, an unknown field, a field of the wrong type): the rows' own checks still run on the
    /// rest, so one malformed row does not hide the others' errors. No table: the body is not an array.
    /// </summary>
    public static (CsvTable? Table, IReadOnlyList<RowError> Errors) Parse(byte[] body, IReadOnlyList<string> required, IReadOnlyList<string> optional)
    {
        JsonDocument doc;
        try { doc = JsonDocument.Parse(body); }
        catch (JsonException e) { return (null, [new RowError((e.LineNumber ?? 0) + 1, "", null, LineRule.MalformedJson, $"not valid JSON: {e.Message}")]); }
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Array)
                return (null, [new RowError(1, "", null, LineRule.MalformedJson, "expected a JSON array of row objects")]);
            var header = required.Concat(optional).ToList();
            var rows = new List<CsvRow>();
            var errors = new List<RowError>();
            var n = 0;
            foreach (var el in doc.RootElement.EnumerateArray())
            {
                n++;
                if (el.ValueKind != JsonValueKind.Object) { errors.Add(new RowError(n, "", null, LineRule.NotAnObject, "each row must be a JSON object")); continue; }
                var fields = new string[header.Count];
                Array.Fill(fields, "");
                var bad = false;
                foreach (var p in el.EnumerateObject())
                {
                    var i = header.IndexOf(p.Name);
                    if (i < 0)
                    {
                        errors.Add(new RowError(n, p.Name, null, LineRule.UnknownField,
                            DidYouMean.Append($"unknown field (expected {string.Join(", ", required)})", DidYouMean.Keyword(p.Name, header))));
                        bad = true;
                        continue;
                    }
                    fields[i] = p.Value.ValueKind switch
                    {
                        JsonValueKind.String => p.Value.GetString()!,
                        JsonValueKind.Number => p.Value.GetRawText(),
                        JsonValueKind.Null => "",
                        JsonValueKind.True or JsonValueKind.False => p.Value.GetRawText(),
                        _ => string.Create(CultureInfo.InvariantCulture, $"\u0000{p.Value.ValueKind}"),
                    };
                    if (fields[i].StartsWith('\u0000'))
                    {
                        errors.Add(new RowError(n, p.Name, null, LineRule.FieldType, "a field must be a string, number or null"));
                        bad = true;
                    }
                }
                if (!bad) rows.Add(new CsvRow(n, header, fields));
            }
            if (n == 0) errors.Add(new RowError(1, "", null, LineRule.NoRows, "the array is empty"));
            return n == 0 ? (null, errors) : (new CsvTable(header, rows), errors);
        }
    }
}
