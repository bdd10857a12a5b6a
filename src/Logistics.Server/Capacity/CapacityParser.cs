using System.Globalization;
using System.Text.Json;
using Logistics.Server.Ingest;

namespace Logistics.Server.Capacity;

/// <summary>
/// Reads a capacity body (CSV or a JSON array) as a stream and checks each line on its own:
/// header, field count, codes, kind, start, hours, parcels. Checks against the network and across
/// lines run set-based in the database afterwards.
/// </summary>
internal sealed class CapacityParser(CapacityOptions options, CapacityErrors errors)
{
    private static readonly string[] OffsetFormats =
        ["yyyy-MM-dd'T'HH:mm:sszzz", "yyyy-MM-dd'T'HH:mmzzz", "yyyy-MM-dd'T'HH:mm:ss'Z'", "yyyy-MM-dd'T'HH:mm'Z'",
         "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'"];
    private static readonly string[] LocalFormats = ["yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-dd"];

    public long Rows { get; private set; }

    public async Task ParseAsync(Stream body, bool json, Func<CapacityRow, ValueTask> onRow, CancellationToken ct)
    {
        if (json) await ParseJsonAsync(body, onRow, ct);
        else await ParseCsvAsync(body, onRow, ct);
        if (Rows == 0 && errors.Total == 0)
            errors.Add(new RowError(json ? 1 : 2, "", null, json ? "the array is empty" : "the file has a header but no rows"));
    }

    private async Task ParseCsvAsync(Stream body, Func<CapacityRow, ValueTask> onRow, CancellationToken ct)
    {
        var csv = new CsvReader(new StrictUtf8Reader(body));
        var fields = new List<string>();
        try
        {
            if (!csv.TryRead(fields) || fields is [""])
            {
                errors.Add(new RowError(1, "", null, "the file is empty: expected a header row"));
                return;
            }
            var header = fields.Select(f => f.Trim()).ToList();
            var headerErrors = CsvTable.CheckHeader(header, CapacityRow.Columns, []);
            if (headerErrors.Count > 0)
            {
                foreach (var e in headerErrors) errors.Add(e);
                return;
            }
            var at = CapacityRow.Columns.Select(c => header.IndexOf(c)).ToArray();
            while (csv.TryRead(fields))
            {
                ct.ThrowIfCancellationRequested();
                if (fields is [""]) continue;   // blank line
                if (fields.Count != header.Count)
                {
                    Rows++;
                    errors.Add(new RowError(csv.RecordLine, "", null, $"expected {header.Count} fields, found {fields.Count}"));
                    continue;
                }
                if (Check(csv.RecordLine, fields[at[0]].Trim(), fields[at[1]].Trim(), fields[at[2]].Trim(), fields[at[3]].Trim(), fields[at[4]].Trim()) is { } row)
                    await onRow(row);
            }
        }
        catch (CsvFormatException e)
        {
            errors.Add(new RowError(e.Line, "", null, e.Reason));
        }
        catch (InvalidUtf8Exception e)
        {
            errors.Add(new RowError(e.Line, "", null, "the file is not valid UTF-8"));
        }
    }

    private async Task ParseJsonAsync(Stream body, Func<CapacityRow, ValueTask> onRow, CancellationToken ct)
    {
        long n = 0;
        try
        {
            await foreach (var el in JsonSerializer.DeserializeAsyncEnumerable<JsonElement>(body, cancellationToken: ct))
            {
                n++;
                if (el.ValueKind != JsonValueKind.Object) { Rows++; errors.Add(new RowError(n, "", null, "each row must be a JSON object")); continue; }
                var f = new string[CapacityRow.Columns.Length];
                Array.Fill(f, "");
                var bad = false;
                foreach (var p in el.EnumerateObject())
                {
                    var i = Array.IndexOf(CapacityRow.Columns, p.Name);
                    if (i < 0) { errors.Add(new RowError(n, p.Name, null, $"unknown field (expected {string.Join(", ", CapacityRow.Columns)})")); bad = true; continue; }
                    f[i] = p.Value.ValueKind switch
                    {
                        JsonValueKind.String => p.Value.GetString()!,
                        JsonValueKind.Number => p.Value.GetRawText(),
                        JsonValueKind.Null => "",
                        _ => "\0",
                    };
                    if (f[i] == "\0") { errors.Add(new RowError(n, p.Name, null, "a field must be a string, number or null")); bad = true; }
                }
                if (bad) { Rows++; continue; }
                if (Check(n, f[0], f[1], f[2], f[3], f[4]) is { } row) await onRow(row);
            }
        }
        catch (JsonException e)
        {
            errors.Add(new RowError(n + 1, "", null, e.Message.Contains("UTF-8", StringComparison.OrdinalIgnoreCase) || e.InnerException is System.Text.DecoderFallbackException
                ? "the body is not valid UTF-8" : $"not a JSON array of row objects: {e.Message}"));
        }
    }

    // The shape nearly every line has, 2026-11-11T00:00:00+08:00 or ...Z, read without the general parser.
    private static bool TryParseCommon(string s, out DateTimeOffset at)
    {
        at = default;
        if (s.Length is not (20 or 25) || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':') return false;
        static bool Num(string s, int i, int n, out int v)
        {
            v = 0;
            for (var k = i; k < i + n; k++)
            {
                if (!char.IsAsciiDigit(s[k])) return false;
                v = v * 10 + (s[k] - '0');
            }
            return true;
        }
        if (!Num(s, 0, 4, out var y) || !Num(s, 5, 2, out var mo) || !Num(s, 8, 2, out var d) || !Num(s, 11, 2, out var h) || !Num(s, 14, 2, out var mi) || !Num(s, 17, 2, out var sec)) return false;
        TimeSpan offset;
        if (s.Length == 20) { if (s[19] != 'Z') return false; offset = TimeSpan.Zero; }
        else
        {
            if (s[19] is not ('+' or '-') || s[22] != ':' || !Num(s, 20, 2, out var oh) || !Num(s, 23, 2, out var om) || oh > 14 || om > 59) return false;
            offset = new TimeSpan(oh, om, 0) * (s[19] == '-' ? -1 : 1);
        }
        if (mo is < 1 or > 12 || d < 1 || d > DateTime.DaysInMonth(Math.Max(1, y), mo) || h > 23 || mi > 59 || sec > 59 || y is < 2 or > 9998) return false;
        at = new DateTimeOffset(y, mo, d, h, mi, sec, offset);
        return true;
    }

    /// <summary>Checks one line's fields; records every problem of the line and returns the row when it has none.</summary>
    private CapacityRow? Check(long line, string node, string kind, string start, string hours, string parcels)
    {
        Rows++;
        var before = errors.Total;
        if (!Codes.IsValid(node)) errors.Add(new RowError(line, "node", node, node.Length == 0 ? "the node is missing" : Codes.Rule));
        if (!CapacityRow.Kinds.Contains(kind)) errors.Add(new RowError(line, "kind", kind, $"unknown kind: expected one of {string.Join(", ", CapacityRow.Kinds)}"));

        if (TryParseCommon(start, out var startAt) || DateTimeOffset.TryParseExact(start, OffsetFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out startAt))
        {
            if (startAt.UtcDateTime.Ticks % TimeSpan.TicksPerHour != 0)
                errors.Add(new RowError(line, "start", start, "start must be on the hour (in UTC)"));
        }
        else if (DateTime.TryParseExact(start, LocalFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
            errors.Add(new RowError(line, "start", start, "start has no UTC offset: write it as 2026-11-11T00:00:00+08:00"));
        else
            errors.Add(new RowError(line, "start", start, "start is not an ISO 8601 time with an offset (2026-11-11T00:00:00+08:00)"));

        if (!int.TryParse(hours, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var h) || h is < 1 or > 24)
            errors.Add(new RowError(line, "hours", hours, "hours must be a whole number from 1 to 24"));

        var p = 0;
        if (int.TryParse(parcels, NumberStyles.None, CultureInfo.InvariantCulture, out var whole) && whole <= options.MaxParcels)
            p = whole;   // the common case, without going through decimal
        else if (decimal.TryParse(parcels, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var d))
        {
            if (d < 0) errors.Add(new RowError(line, "parcels", parcels, "parcels must not be negative"));
            else if (d != decimal.Truncate(d)) errors.Add(new RowError(line, "parcels", parcels, "parcels must be a whole number"));
            else if (d > options.MaxParcels) errors.Add(new RowError(line, "parcels", parcels, $"parcels is above the sanity maximum of {options.MaxParcels} per hour"));
            else p = (int)d;
        }
        else errors.Add(new RowError(line, "parcels", parcels, "parcels must be a whole number"));

        return errors.Total == before ? new CapacityRow(line, node, kind, startAt.ToUniversalTime(), start, h, p) : null;
    }
}
