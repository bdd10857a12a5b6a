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
    public static (CsvTable? Table, IReadOnlyList<RowError> Errors) Parse(byte[] body, IReadOnlyList<string> required, IReadOnlyList<string> optional)
    {
        JsonDocument doc;
        try { doc = JsonDocument.Parse(body); }
        catch (JsonException e) { return (null, [new RowError((e.LineNumber ?? 0) + 1, "", null, $"not valid JSON: {e.Message}")]); }
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Array)
                return (null, [new RowError(1, "", null, "expected a JSON array of row objects")]);
            var header = required.Concat(optional).ToList();
            var rows = new List<CsvRow>();
            var errors = new List<RowError>();
            var n = 0;
            foreach (var el in doc.RootElement.EnumerateArray())
            {
                n++;
                if (el.ValueKind != JsonValueKind.Object) { errors.Add(new RowError(n, "", null, "each row must be a JSON object")); continue; }
                var fields = new string[header.Count];
                Array.Fill(fields, "");
                foreach (var p in el.EnumerateObject())
                {
                    var i = header.IndexOf(p.Name);
                    if (i < 0) { errors.Add(new RowError(n, p.Name, null, $"unknown field (expected {string.Join(", ", required)})")); continue; }
                    fields[i] = p.Value.ValueKind switch
                    {
                        JsonValueKind.String => p.Value.GetString()!,
                        JsonValueKind.Number => p.Value.GetRawText(),
                        JsonValueKind.Null => "",
                        JsonValueKind.True or JsonValueKind.False => p.Value.GetRawText(),
                        _ => string.Create(CultureInfo.InvariantCulture, $"\u0000{p.Value.ValueKind}"),
                    };
                    if (fields[i].StartsWith('\u0000')) errors.Add(new RowError(n, p.Name, null, "a field must be a string, number or null"));
                }
                rows.Add(new CsvRow(n, header, fields));
            }
            if (n == 0) errors.Add(new RowError(1, "", null, "the array is empty"));
            return errors.Count > 0 ? (null, errors) : (new CsvTable(header, rows), []);
        }
    }
}
