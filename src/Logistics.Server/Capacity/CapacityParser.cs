using System.Buffers;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Logistics.Server.Ingest;

namespace Logistics.Server.Capacity;

/// <summary>
/// Reads a capacity body (CSV or a JSON array) as a stream, checks each line on its own (header,
/// field count, codes, kind, start, hours, parcels) and resolves it against the network, handing on
/// each good line. Overlaps between lines are found by the load (the history's unique index).
/// </summary>
internal sealed class CapacityParser(CapacityOptions options, CapacityErrors errors, CapacityNetwork network)
{
    private static readonly string[] OffsetFormats =
        ["yyyy-MM-dd'T'HH:mm:sszzz", "yyyy-MM-dd'T'HH:mmzzz", "yyyy-MM-dd'T'HH:mm:ss'Z'", "yyyy-MM-dd'T'HH:mm'Z'",
         "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'"];
    private static readonly string[] LocalFormats = ["yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-dd"];
    private static readonly SearchValues<byte> CodeBytes = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.:"u8);

    public long Rows { get; private set; }

    /// <summary>Reads the body synchronously when it is CSV: run it on a thread of its own.</summary>
    public async Task ParseAsync(Stream body, bool json, Action<StagedLine> onLine, CancellationToken ct)
    {
        if (json) await ParseJsonAsync(body, onLine, ct);
        else ParseCsv(body, onLine, ct);
        if (Rows == 0 && errors.Total == 0)
            errors.Add(new RowError(json ? 1 : 2, "", null, LineRule.NoRows, json ? "the array is empty" : "the file has a header but no rows"));
    }

    // Each runs once per upload, a million times over in a fresh process: compiled fully at once
    // instead of tiering up from unoptimized code (which tripled a million-line file's time).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ParseCsv(Stream body, Action<StagedLine> onLine, CancellationToken ct)
    {
        var csv = new Utf8CsvReader(body);
        try
        {
            if (!csv.TryRead() || csv is { FieldCount: 1 } && csv[0].IsEmpty)
            {
                errors.Add(new RowError(1, "", null, LineRule.EmptyFile, "the file is empty: expected a header row"));
                return;
            }
            var header = new List<string>();
            for (var i = 0; i < csv.FieldCount; i++) header.Add(Encoding.UTF8.GetString(csv[i]).Trim());
            var headerErrors = CsvTable.CheckHeader(header, CapacityRow.Columns, []);
            if (headerErrors.Count > 0)
            {
                foreach (var e in headerErrors) errors.Add(e);
                return;
            }
            var at = CapacityRow.Columns.Select(c => header.IndexOf(c)).ToArray();
            while (csv.TryRead())
            {
                if ((csv.RecordLine & 0xFFF) == 0) ct.ThrowIfCancellationRequested();
                if (csv is { FieldCount: 1 } && csv[0].IsEmpty) continue;   // blank line
                if (csv.FieldCount != header.Count)
                {
                    Rows++;
                    errors.Add(new RowError(csv.RecordLine, "", null, LineRule.FieldCount, $"expected {header.Count} fields, found {csv.FieldCount}"));
                    continue;
                }
                if (TryUsual(csv.RecordLine, csv[at[0]], csv[at[1]], csv[at[2]], csv[at[3]], csv[at[4]], onLine)) continue;
                // Anything unusual (or wrong) takes the general path, which also words the errors.
                if (Check(csv.RecordLine, Text(csv[at[0]]), Text(csv[at[1]]), Text(csv[at[2]]), Text(csv[at[3]]), Text(csv[at[4]])) is { } row)
                    Resolved(row, onLine);
            }
        }
        catch (CsvFormatException e)
        {
            errors.Add(e.ToError());
        }
        catch (InvalidUtf8Exception e)
        {
            errors.Add(new RowError(e.Line, "", null, LineRule.NotUtf8, "the file is not valid UTF-8"));
        }
    }

    private static string Text(ReadOnlySpan<byte> field) => Encoding.UTF8.GetString(field).Trim();

    private static ReadOnlySpan<byte> TrimAscii(ReadOnlySpan<byte> field) => field.Trim(" \t\n\v\f\r"u8);

    /// <summary>
    /// The line as nearly every file writes it (a code, a kind, a start like 2026-11-11T00:00:00+08:00
    /// or ...Z on the hour, plain digits for hours and parcels), checked and resolved straight from its
    /// bytes. False, having recorded nothing, for any other line: the general path then decides, so
    /// both paths give one line the same result.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool TryUsual(long line, ReadOnlySpan<byte> nodeField, ReadOnlySpan<byte> kindField, ReadOnlySpan<byte> startField,
        ReadOnlySpan<byte> hoursField, ReadOnlySpan<byte> parcelsField, Action<StagedLine> onLine)
    {
        var node = TrimAscii(nodeField);
        if (node.Length is 0 or > 64 || node.ContainsAnyExcept(CodeBytes)) return false;
        var kind = TrimAscii(kindField) switch
        {
            var k when k.SequenceEqual("sort"u8) => CapacityRow.Sort,
            var k when k.SequenceEqual("pickup"u8) => CapacityRow.Pickup,
            var k when k.SequenceEqual("outbound"u8) => CapacityRow.Outbound,
            var k when k.SequenceEqual("bulky_sort"u8) => CapacityRow.BulkySort,
            var k when k.SequenceEqual("bulky_pickup"u8) => CapacityRow.BulkyPickup,
            _ => -1,
        };
        if (kind < 0) return false;
        var start = TrimAscii(startField);
        if (!TryParseUsual(start, out var startTicks, out var offset) || startTicks % TimeSpan.TicksPerHour != 0) return false;
        if (!TryDigits(TrimAscii(hoursField), 2, out var hours) || hours is < 1 or > 24) return false;
        if (!TryDigits(TrimAscii(parcelsField), 9, out var parcels) || parcels > options.MaxParcels) return false;

        Rows++;
        Span<char> code = stackalloc char[64];
        var length = Encoding.ASCII.GetChars(node, code);
        if (network.Resolve(line, code[..length], (byte)kind, errors) is { } resolved)
            onLine(new StagedLine(line, resolved, (byte)kind, startTicks, offset, null, hours, parcels));
        return true;
    }

    private static bool TryDigits(ReadOnlySpan<byte> s, int maxDigits, out int value)
    {
        value = 0;
        if (s.Length is 0 || s.Length > maxDigits) return false;
        foreach (var b in s)
        {
            if (!char.IsAsciiDigit((char)b)) return false;
            value = value * 10 + (b - '0');
        }
        return true;
    }

    /// <summary>
    /// 2026-11-11T00:00:00+08:00 or 2026-11-11T00:00:00Z (only those have lengths 25 and 20): its
    /// instant in UTC ticks and its offset as staged (<see cref="StagingWriter.CanonicalOffset"/>);
    /// false for any other shape, and for -00:00, whose text the offset would not render again.
    /// </summary>
    private static bool TryParseUsual(ReadOnlySpan<byte> s, out long utcTicks, out short offset)
    {
        utcTicks = 0;
        offset = 0;
        if (!TryParseCommon(s, out var at, out var minutes)) return false;
        if (s.Length == 20) offset = StagingWriter.Zulu;
        else if (s[19] == '-' && minutes == 0) return false;
        else offset = (short)minutes;
        utcTicks = at.UtcTicks;
        return true;
    }

    // The shape nearly every line has, 2026-11-11T00:00:00+08:00 or ...Z, read without the general parser.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool TryParseCommon(ReadOnlySpan<byte> s, out DateTimeOffset at, out int offsetMinutes)
    {
        at = default;
        offsetMinutes = 0;
        if (s.Length is not (20 or 25) || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':') return false;
        static bool Num(ReadOnlySpan<byte> s, int i, int n, out int v)
        {
            v = 0;
            for (var k = i; k < i + n; k++)
            {
                if (!char.IsAsciiDigit((char)s[k])) return false;
                v = v * 10 + (s[k] - '0');
            }
            return true;
        }
        if (!Num(s, 0, 4, out var y) || !Num(s, 5, 2, out var mo) || !Num(s, 8, 2, out var d) || !Num(s, 11, 2, out var h) || !Num(s, 14, 2, out var mi) || !Num(s, 17, 2, out var sec)) return false;
        if (s.Length == 20) { if (s[19] != 'Z') return false; }
        else
        {
            if (s[19] is not ((byte)'+' or (byte)'-') || s[22] != ':' || !Num(s, 20, 2, out var oh) || !Num(s, 23, 2, out var om) || om > 59) return false;
            offsetMinutes = (oh * 60 + om) * (s[19] == '-' ? -1 : 1);
            // DateTimeOffset takes at most 14 hours either way; a larger offset is left to the general parser, which refuses it.
            if (Math.Abs(offsetMinutes) > 14 * 60) return false;
        }
        if (mo is < 1 or > 12 || d < 1 || d > DateTime.DaysInMonth(Math.Max(1, y), mo) || h > 23 || mi > 59 || sec > 59 || y is < 2 or > 9998) return false;
        at = new DateTimeOffset(y, mo, d, h, mi, sec, TimeSpan.FromMinutes(offsetMinutes));
        return true;
    }

    private static bool TryParseCommon(string s, out DateTimeOffset at)
    {
        at = default;
        Span<byte> bytes = stackalloc byte[25];
        return s.Length is 20 or 25 && Ascii.FromUtf16(s, bytes, out var n) == OperationStatus.Done && TryParseCommon(bytes[..n], out at, out _);
    }

    private void Resolved(in CapacityRow row, Action<StagedLine> onLine)
    {
        if (network.Resolve(row, errors) is not { } node) return;
        var offset = StagingWriter.CanonicalOffset(row.StartText);
        onLine(new StagedLine(row.Line, node, (byte)Array.IndexOf(CapacityRow.Kinds, row.Kind), row.Start.UtcTicks, offset ?? StagingWriter.NoOffset,
            offset is null ? row.StartText : null, row.Hours, row.Parcels));
    }

    private async Task ParseJsonAsync(Stream body, Action<StagedLine> onLine, CancellationToken ct)
    {
        long n = 0;
        try
        {
            await foreach (var el in JsonSerializer.DeserializeAsyncEnumerable<JsonElement>(body, cancellationToken: ct))
            {
                n++;
                if (el.ValueKind != JsonValueKind.Object) { Rows++; errors.Add(new RowError(n, "", null, LineRule.NotAnObject, "each row must be a JSON object")); continue; }
                var f = new string[CapacityRow.Columns.Length];
                Array.Fill(f, "");
                var bad = false;
                foreach (var p in el.EnumerateObject())
                {
                    var i = Array.IndexOf(CapacityRow.Columns, p.Name);
                    if (i < 0)
                    {
                        errors.Add(new RowError(n, p.Name, null, LineRule.UnknownField,
                            DidYouMean.Append($"unknown field (expected {string.Join(", ", CapacityRow.Columns)})", DidYouMean.Keyword(p.Name, CapacityRow.Columns))));
                        bad = true;
                        continue;
                    }
                    f[i] = p.Value.ValueKind switch
                    {
                        JsonValueKind.String => p.Value.GetString()!,
                        JsonValueKind.Number => p.Value.GetRawText(),
                        JsonValueKind.Null => "",
                        _ => "\0",
                    };
                    if (f[i] == "\0") { errors.Add(new RowError(n, p.Name, null, LineRule.FieldType, "a field must be a string, number or null")); bad = true; }
                }
                if (bad) { Rows++; continue; }
                if (Check(n, f[0], f[1], f[2], f[3], f[4]) is { } row) Resolved(row, onLine);
            }
        }
        catch (JsonException e)
        {
            var utf8 = e.Message.Contains("UTF-8", StringComparison.OrdinalIgnoreCase) || e.InnerException is System.Text.DecoderFallbackException;
            errors.Add(utf8 ? new RowError(n + 1, "", null, LineRule.NotUtf8, "the body is not valid UTF-8")
                : new RowError(n + 1, "", null, LineRule.MalformedJson, $"not a JSON array of row objects: {e.Message}"));
        }
    }

    /// <summary>Checks one line's fields; records every problem of the line and returns the row when it has none.</summary>
    private CapacityRow? Check(long line, string node, string kind, string start, string hours, string parcels)
    {
        Rows++;
        var before = errors.Total;
        if (!Codes.IsValid(node)) errors.Add(new RowError(line, "node", node, node.Length == 0 ? LineRule.MissingValue : LineRule.InvalidCode, node.Length == 0 ? "the node is missing" : Codes.Rule));
        if (!CapacityRow.Kinds.Contains(kind))
            errors.Add(new RowError(line, "kind", kind, kind.Length == 0 ? LineRule.MissingValue : LineRule.UnknownKind, DidYouMean.Append($"unknown kind: expected one of {string.Join(", ", CapacityRow.Kinds)}", DidYouMean.Keyword(kind, CapacityRow.Kinds))));

        if (TryParseCommon(start, out var startAt) || DateTimeOffset.TryParseExact(start, OffsetFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out startAt))
        {
            if (startAt.UtcDateTime.Ticks % TimeSpan.TicksPerHour != 0)
                errors.Add(new RowError(line, "start", start, LineRule.NotOnTheHour, "start must be on the hour (in UTC)"));
        }
        else if (DateOnly.TryParseExact(start, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
            errors.Add(new RowError(line, "start", start, LineRule.DateWithoutTime, $"start is a date without a time: write the hour and its offset, e.g. {start}T00:00:00+08:00"));
        else if (DateTime.TryParseExact(start, LocalFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
            errors.Add(new RowError(line, "start", start, LineRule.NoUtcOffset, "start has no UTC offset: write it as 2026-11-11T00:00:00+08:00"));
        else
            errors.Add(new RowError(line, "start", start, start.Length == 0 ? LineRule.MissingValue : LineRule.NotATime, "start is not an ISO 8601 time with an offset (2026-11-11T00:00:00+08:00)"));

        if (!int.TryParse(hours, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var h) || h is < 1 or > 24)
            errors.Add(new RowError(line, "hours", hours, LineRule.ForNumber(hours), "hours must be a whole number from 1 to 24"));

        var p = 0;
        if (int.TryParse(parcels, NumberStyles.None, CultureInfo.InvariantCulture, out var whole) && whole <= options.MaxParcels)
            p = whole;   // the common case, without going through decimal
        else if (decimal.TryParse(parcels, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var d))
        {
            if (d < 0) errors.Add(new RowError(line, "parcels", parcels, LineRule.Negative, "parcels must not be negative"));
            else if (d != decimal.Truncate(d)) errors.Add(new RowError(line, "parcels", parcels, LineRule.Fractional, "parcels must be a whole number"));
            else if (d > options.MaxParcels) errors.Add(new RowError(line, "parcels", parcels, LineRule.OutOfRange, $"parcels is above the sanity maximum of {options.MaxParcels} per hour"));
            else p = (int)d;
        }
        else errors.Add(new RowError(line, "parcels", parcels, LineRule.ForNumber(parcels), "parcels must be a whole number"));

        return errors.Total == before ? new CapacityRow(line, node, kind, startAt.ToUniversalTime(), start, h, p) : null;
    }
}
