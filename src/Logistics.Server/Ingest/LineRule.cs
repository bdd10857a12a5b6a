using System.Globalization;
using System.Text.Json.Serialization;

namespace Logistics.Server.Ingest;

/// <summary>
/// Which rule a bad line broke: a stable snake_case <see cref="Code"/> a script can branch on, beside
/// the reason a person reads (whose wording may change). The README's table and the OpenAPI
/// document's enum list <see cref="All"/>; a test keeps the three equal.
/// </summary>
[JsonConverter(typeof(LineRuleJsonConverter))]
public sealed record LineRule
{
    private LineRule(string code, string meaning, string example) => (Code, Meaning, Example) = (code, meaning, example);

    public string Code { get; }
    public string Meaning { get; }

    /// <summary>A value or line that breaks the rule, for the README.</summary>
    public string Example { get; }

    public override string ToString() => Code;

    // The file's shape: these stop the reading (header, encoding, quoting) or skip one line (field count, a JSON row).
    public static readonly LineRule EmptyFile = new("empty_file", "no header row: the body is empty (or only a byte order mark)", "an empty body");
    public static readonly LineRule NoRows = new("no_rows", "a header and no rows, or an empty JSON array", "`[]`");
    public static readonly LineRule NotUtf8 = new("not_utf8", "bytes that are not UTF-8, on the line where they start", "`0xC3 0x28`");
    public static readonly LineRule MalformedCsv = new("malformed_csv", "a quote out of place or never closed (RFC 4180); the file is not read further", "`SF-SH,\"sort,...`");
    public static readonly LineRule LineTooLong = new("line_too_long", "a line over 1 MiB; the file is not read further", "a 2 MB field");
    public static readonly LineRule MalformedJson = new("malformed_json", "a JSON body that does not parse or is not an array of row objects", "`{\"node\": ...`");
    public static readonly LineRule NotAnObject = new("not_an_object", "an item of the JSON array that is not an object", "`[42]`");
    public static readonly LineRule WrongDelimiter = new("wrong_delimiter", "a header separated by `;` or tabs instead of commas", "`node;kind;start`");
    public static readonly LineRule UnknownColumn = new("unknown_column", "a header column the format does not have (with a \"did you mean\" when one is close)", "`parcel`");
    public static readonly LineRule DuplicateColumn = new("duplicate_column", "a header column given twice", "`node,node,...`");
    public static readonly LineRule MissingColumn = new("missing_column", "a required column absent from the header", "no `hours`");
    public static readonly LineRule UnknownField = new("unknown_field", "a JSON row's field the format does not have (with a \"did you mean\" when one is close)", "`\"parcel\": 5`");
    public static readonly LineRule FieldType = new("field_type", "a JSON field that is not a string, number or null", "`\"hours\": [1]`");
    public static readonly LineRule FieldCount = new("field_count", "a line with more or fewer fields than the header", "`SF-SH,sort`");

    // A value on its own.
    public static readonly LineRule MissingValue = new("missing_value", "an empty cell where a value is required", "an empty `node`");
    public static readonly LineRule InvalidCode = new("invalid_code", "a code (or category) that is not 1 to 64 letters, digits, `-`, `_`, `.` or `:`", "`SF SH`");
    public static readonly LineRule PairCode = new("pair_code", "a lane's or merchant_warehouse's code that is not `A>B`", "`WH-SH1`");
    public static readonly LineRule ValueTooLong = new("value_too_long", "a name over 200 characters", "a 300-character name");
    public static readonly LineRule NotANumber = new("not_a_number", "a number that is not a number at all", "`lots`");
    public static readonly LineRule Negative = new("negative", "a negative count, hour or parcels", "`-5`");
    public static readonly LineRule Fractional = new("fractional", "a fraction where a whole number is required", "`12.5`");
    public static readonly LineRule OutOfRange = new("out_of_range", "a whole number outside its range (hours 1 to 24, an hour 0 to 23, parcels over the maximum, ...)", "hours `25`");
    public static readonly LineRule NotADate = new("not_a_date", "a date that is not a real `YYYY-MM-DD`", "`2026-02-30`");
    public static readonly LineRule DateWithoutTime = new("date_only", "a capacity start that is a date without a time", "`2026-11-11`");
    public static readonly LineRule NoUtcOffset = new("no_utc_offset", "a capacity start with a time but no UTC offset", "`2026-11-11T00:00:00`");
    public static readonly LineRule NotATime = new("not_a_time", "a capacity start that is not an ISO 8601 time with an offset", "`11/11/2026 00:00`");
    public static readonly LineRule NotOnTheHour = new("not_on_the_hour", "a capacity start that is not on the hour in UTC", "`2026-11-11T00:30:00+08:00`");
    public static readonly LineRule UnknownTimeZone = new("unknown_time_zone", "a campaign's time zone that is not a known IANA zone (with a \"did you mean\" when one is close)", "`Asia/Shangai`");
    public static readonly LineRule EndsBeforeStart = new("ends_before_start", "a campaign horizon that ends before it starts", "`2026-11-14` to `2026-11-01`");
    public static readonly LineRule HorizonTooLong = new("horizon_too_long", "a campaign horizon over 62 days", "`2026-09-01` to `2026-12-31`");
    public static readonly LineRule NotApplicable = new("not_applicable", "a value in a column this kind of row has none of (a transit time off a lane, a carrier's parent)", "`carrier,SF,SF Express,,EAST`");

    // A value against the others, the network or the campaigns.
    public static readonly LineRule UnknownKind = new("unknown_kind", "a kind that is not one of the format's (with a \"did you mean\" when one is close)", "`srot`");
    public static readonly LineRule UnknownHandling = new("unknown_handling", "a handling class (a category's, an outcome's) that is not `parcel` or `bulky` (with a \"did you mean\" when one is close)", "`bulk`");
    public static readonly LineRule UnknownNode = new("unknown_node", "a capacity node with no such hub (sort, bulky_sort) or warehouse (pickup, outbound, bulky_pickup); \"did you mean\" for other letter case", "`c01-h01`");
    public static readonly LineRule UnknownCampaign = new("unknown_campaign", "a campaign not imported; \"did you mean\" for other letter case", "`d11-2026`");
    public static readonly LineRule UnknownMerchant = new("unknown_merchant", "a merchant not in the network; \"did you mean\" for other letter case", "`M-NOPE`");
    public static readonly LineRule UnknownWarehouse = new("unknown_warehouse", "a warehouse not in the network; \"did you mean\" for other letter case", "`wh-sh1`");
    public static readonly LineRule UnknownCarrier = new("unknown_carrier", "a carrier not in the network; \"did you mean\" for other letter case", "`sf`");
    public static readonly LineRule UnknownRegion = new("unknown_region", "a region not in the network; \"did you mean\" for other letter case", "`east`");
    public static readonly LineRule MissingParent = new("missing_parent", "a network row whose parent (carrier, region, warehouse, hub, merchant) is neither in the file nor the database; \"did you mean\" for other letter case", "`hub,SF-SZ,...,sf,EAST`");
    public static readonly LineRule LaneCarrierMismatch = new("lane_carrier_mismatch", "a lane whose hub belongs to another carrier than its parent", "`lane,WH-SH1>YTO-SH,,SF,`");
    public static readonly LineRule ForeignHub = new("foreign_hub", "capacity for a hub of another carrier than the caller", "SF giving `YTO-SH`");
    public static readonly LineRule KindNotAllowed = new("kind_not_allowed", "a capacity kind the caller may not give (outbound by a carrier, pickup or bulky_pickup by ops alone or without a lane)", "`outbound` from a carrier");
    public static readonly LineRule WarehouseNotUsed = new("warehouse_not_used", "a demand row for a warehouse its merchant does not use (no merchant_warehouse)", "`M-BOLT` at `WH-SH1`");
    public static readonly LineRule OutsideCampaign = new("outside_campaign", "a demand date outside 90 days before the campaign's horizon to its end", "`2025-01-01`");
    public static readonly LineRule DuplicateCode = new("duplicate_code", "a code given twice in one network or campaign file (the reason names the first line)", "`D11-2026` twice");
    public static readonly LineRule DuplicateRow = new("duplicate_row", "a signals or outcomes row with the same key as an earlier line (the reason names it)", "the same merchant, warehouse, region, category and date");
    public static readonly LineRule OverlappingHours = new("overlapping_hours", "a capacity line covering a node, kind and hour an earlier line covers (the reason names it)", "`SF-SH,sort` at 00:00 twice");

    // Not a line of the file.
    public static readonly LineRule LoadFailed = new("load_failed", "not a bad line (line 0): the load failed or was given up on; send the file again", "the staged rows were gone");
    public static readonly LineRule Unclassified = new("unclassified", "an error stored before rule codes existed (an upload from an older version)", "—");

    /// <summary>Every rule, in the order the README lists them.</summary>
    public static IReadOnlyList<LineRule> All { get; } =
    [
        EmptyFile, NoRows, NotUtf8, MalformedCsv, LineTooLong, MalformedJson, NotAnObject, WrongDelimiter, UnknownColumn, DuplicateColumn,
        MissingColumn, UnknownField, FieldType, FieldCount,
        MissingValue, InvalidCode, PairCode, ValueTooLong, NotANumber, Negative, Fractional, OutOfRange, NotADate, DateWithoutTime, NoUtcOffset,
        NotATime, NotOnTheHour, UnknownTimeZone, EndsBeforeStart, HorizonTooLong, NotApplicable,
        UnknownKind, UnknownHandling, UnknownNode, UnknownCampaign, UnknownMerchant, UnknownWarehouse, UnknownCarrier, UnknownRegion, MissingParent,
        LaneCarrierMismatch, ForeignHub, KindNotAllowed, WarehouseNotUsed, OutsideCampaign, DuplicateCode, DuplicateRow, OverlappingHours,
        LoadFailed, Unclassified,
    ];

    private static readonly Dictionary<string, LineRule> ByCode = All.ToDictionary(r => r.Code, StringComparer.Ordinal);

    /// <summary>The rule of a code the server wrote (the SQL checks); an unknown one is a bug in them.</summary>
    public static LineRule FromCode(string code) =>
        ByCode.TryGetValue(code, out var rule) ? rule : throw new ArgumentException($"no line rule '{code}'", nameof(code));

    /// <summary>The rule of a code read back from a stored report: one no longer known reads as <see cref="Unclassified"/>.</summary>
    public static LineRule FromStored(string? code) => code is not null && ByCode.TryGetValue(code, out var rule) ? rule : Unclassified;

    /// <summary>
    /// Why a text is not the whole number a column wants: empty, negative, a fraction, not a number,
    /// or else a whole number outside the column's range.
    /// </summary>
    public static LineRule ForNumber(string text)
    {
        if (text.Length == 0) return MissingValue;
        if (!decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var d)) return NotANumber;
        if (d < 0) return Negative;
        return d != decimal.Truncate(d) ? Fractional : OutOfRange;
    }
}
