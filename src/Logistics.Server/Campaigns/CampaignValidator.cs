using System.Globalization;
using Logistics.Domain.Campaigns;
using Logistics.Server.Ingest;

namespace Logistics.Server.Campaigns;

internal static class CampaignValidator
{
    private const int MaxHorizonDays = 62;

    /// <summary>The good rows; every problem of every row goes into <paramref name="errors"/>.</summary>
    public static IReadOnlyList<CampaignRow> Validate(CsvTable table, ErrorReport errors)
    {
        var rows = new List<CampaignRow>();
        var seen = new Dictionary<string, long>();
        foreach (var r in table.Rows)
        {
            var before = errors.Count;
            if (r.Fields.Length != table.Header.Count)
            {
                errors.Add(new RowError(r.Line, "", null, LineRule.FieldCount, $"expected {table.Header.Count} fields, found {r.Fields.Length}"));
                continue;
            }
            var code = r["code"];
            if (!Codes.IsValid(code)) errors.Add(new RowError(r.Line, "code", code, code.Length == 0 ? LineRule.MissingValue : LineRule.InvalidCode, Codes.Rule));
            else if (seen.TryGetValue(code, out var first)) errors.Add(new RowError(r.Line, "code", code, LineRule.DuplicateCode, $"duplicate campaign code (first on line {first})"));
            else seen[code] = r.Line;

            var name = r["name"];
            if (name.Length is 0 or > 200) errors.Add(new RowError(r.Line, "name", name, name.Length == 0 ? LineRule.MissingValue : LineRule.ValueTooLong, "a name is 1 to 200 characters"));

            var zone = r["time_zone"];
            try { TimeZoneInfo.FindSystemTimeZoneById(zone); }
            catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException or ArgumentException)
            {
                errors.Add(new RowError(r.Line, "time_zone", zone, zone.Length == 0 ? LineRule.MissingValue : LineRule.UnknownTimeZone,
                    DidYouMean.Append("not a known IANA time zone (e.g. Asia/Shanghai)", TimeZones.Near(zone))));
            }

            var start = Date(r, "horizon_start", errors);
            var end = Date(r, "horizon_end", errors);
            if (start is { } s && end is { } e2)
            {
                if (e2 < s) errors.Add(new RowError(r.Line, "horizon_end", r["horizon_end"], LineRule.EndsBeforeStart, "the horizon ends before it starts"));
                else if (e2.DayNumber - s.DayNumber + 1 > MaxHorizonDays)
                    errors.Add(new RowError(r.Line, "horizon_end", r["horizon_end"], LineRule.HorizonTooLong, $"a horizon is at most {MaxHorizonDays} days"));
            }

            var saleDays = new List<DateOnly>();
            var saleText = r["sale_days"];
            if (saleText.Length == 0) errors.Add(new RowError(r.Line, "sale_days", saleText, LineRule.MissingValue, "at least one sale day is needed (dates separated by ';')"));
            foreach (var part in saleText.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (DateOnly.TryParseExact(part, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) saleDays.Add(d);
                else errors.Add(new RowError(r.Line, "sale_days", part, LineRule.NotADate, "not a date YYYY-MM-DD"));
            }

            var shipText = r["ship_within_hours"];
            var ship = Campaign.DefaultShipWithinHours;
            if (shipText.Length > 0 && (!int.TryParse(shipText, NumberStyles.None, CultureInfo.InvariantCulture, out ship) || ship is < 1 or > 720))
                errors.Add(new RowError(r.Line, "ship_within_hours", shipText, LineRule.ForNumber(shipText), "a whole number of hours from 1 to 720 (empty means 72)"));

            if (errors.Count == before)
                rows.Add(new CampaignRow(r.Line, code, name, zone, saleDays.Distinct().Order().ToArray(), start!.Value, end!.Value, ship));
        }
        return rows;
    }

    private static DateOnly? Date(CsvRow r, string column, ErrorReport errors)
    {
        var text = r[column];
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) return d;
        errors.Add(new RowError(r.Line, column, text, text.Length == 0 ? LineRule.MissingValue : LineRule.NotADate, "not a date YYYY-MM-DD"));
        return null;
    }
}
