using System.Globalization;

namespace Logistics.Domain.Backtesting;

/// <summary>
/// Parser of the backtest series format: header <c>series,date,parcels</c> plus any of
/// <c>carts,favorites,deposits,presale_orders</c>, in any order. The route file's
/// <c>origin_site,dest_site</c> may stand instead of <c>series</c>: the series is then <c>ORIGIN&gt;DEST</c>
/// (one lane). All-or-nothing: every bad line is reported, and rows are returned only when there is none.
/// </summary>
public static class SeriesCsv
{
    public static readonly IReadOnlyList<string> RequiredColumns = ["series", "date", "parcels"];
    public static readonly IReadOnlyList<string> SignalColumns = ["carts", "favorites", "deposits", "presale_orders"];
    public static readonly IReadOnlyList<string> RouteColumns = ["origin_site", "dest_site"];
    private const int Origin = 7, Destination = 8;

    public static SeriesParseResult Parse(string text) => Parse(new StringReader(text));

    public static SeriesParseResult Parse(IEnumerable<string> lines) => Parse(string.Join("\n", lines));

    public static SeriesParseResult Parse(TextReader reader)
    {
        var rows = new List<SeriesRow>();
        var errors = new List<LineError>();
        int[]? map = null; // index of each known column (required then signals) in the header, -1 if absent
        var width = 0;
        foreach (var (line, fields, error) in CsvRecordReader.Read(reader))
        {
            if (map is null)
            {
                map = ReadHeader(line, fields, errors);
                width = fields.Count;
                if (map is null) break; // nothing below a bad header can be read
                continue;
            }
            if (error is not null) { errors.Add(new LineError(line, "", string.Join(",", fields), error)); continue; }
            if (fields.Count != width)
            {
                errors.Add(new LineError(line, "", string.Join(",", fields), $"expected {width} fields, found {fields.Count}"));
                continue;
            }
            var before = errors.Count;
            string series;
            if (map[0] >= 0)
            {
                series = fields[map[0]].Trim();
                if (series.Length == 0) errors.Add(new LineError(line, "series", series, "empty series name"));
            }
            else
            {
                var (origin, dest) = (fields[map[Origin]].Trim(), fields[map[Destination]].Trim());
                if (origin.Length == 0) errors.Add(new LineError(line, "origin_site", origin, "empty site"));
                if (dest.Length == 0) errors.Add(new LineError(line, "dest_site", dest, "empty site"));
                if (origin.Contains('>') || dest.Contains('>')) errors.Add(new LineError(line, "origin_site", $"{origin}>{dest}", "a site code must not contain '>'"));
                series = $"{origin}>{dest}";
            }
            var dateText = fields[map[1]].Trim();
            if (!DateOnly.TryParseExact(dateText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                errors.Add(new LineError(line, "date", dateText, "not a date YYYY-MM-DD"));
            var parcels = ReadCount(line, "parcels", fields[map[2]], required: true, errors);
            var signals = new long?[4];
            for (var k = 0; k < 4; k++)
                if (map[3 + k] >= 0) signals[k] = ReadCount(line, SignalColumns[k], fields[map[3 + k]], required: false, errors);
            if (errors.Count == before)
                rows.Add(new SeriesRow(series, date, parcels!.Value, signals[0], signals[1], signals[2], signals[3]));
        }
        if (map is null && errors.Count == 0) errors.Add(new LineError(1, "", "", "empty file: a header row is required"));
        return errors.Count == 0 ? new SeriesParseResult(rows, []) : new SeriesParseResult([], errors);
    }

    private static int[]? ReadHeader(int line, List<string> fields, List<LineError> errors)
    {
        var map = new int[9];
        Array.Fill(map, -1);
        var ok = true;
        for (var i = 0; i < fields.Count; i++)
        {
            var name = fields[i].Trim().ToLowerInvariant();
            var k = IndexOf(name);
            if (k < 0) { errors.Add(new LineError(line, name, fields[i], "unknown column")); ok = false; continue; }
            if (map[k] >= 0) { errors.Add(new LineError(line, name, fields[i], "duplicate column")); ok = false; continue; }
            map[k] = i;
        }
        var route = map[Origin] >= 0 && map[Destination] >= 0;
        if (map[0] >= 0 && (map[Origin] >= 0 || map[Destination] >= 0))
        { errors.Add(new LineError(line, "series", "", "either series or origin_site,dest_site, not both")); ok = false; }
        for (var k = route ? 1 : 0; k < 3; k++)
            if (map[k] < 0) { errors.Add(new LineError(line, RequiredColumns[k], "", "required column missing from the header")); ok = false; }
        return ok ? map : null;
    }

    private static int IndexOf(string name)
    {
        for (var k = 0; k < 3; k++) if (RequiredColumns[k] == name) return k;
        for (var k = 0; k < 4; k++) if (SignalColumns[k] == name) return 3 + k;
        for (var k = 0; k < 2; k++) if (RouteColumns[k] == name) return Origin + k;
        return -1;
    }

    private static long? ReadCount(int line, string column, string raw, bool required, List<LineError> errors)
    {
        var text = raw.Trim();
        if (text.Length == 0)
        {
            if (required) errors.Add(new LineError(line, column, raw, "a count is required"));
            return null;
        }
        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            var reason = text.StartsWith('-') ? "must not be negative" : "not a non-negative integer";
            errors.Add(new LineError(line, column, raw, reason));
            return null;
        }
        return value;
    }
}
