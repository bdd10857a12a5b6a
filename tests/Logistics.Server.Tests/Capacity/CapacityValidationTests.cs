using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Dapper;

namespace Logistics.Server.Tests.Capacity;

/// <summary>Every bad input gets its line, column, value and reason, and changes nothing.</summary>
public sealed class CapacityValidationTests(CapacityHost host) : IClassFixture<CapacityHost>
{
    private const string Header = "node,kind,start,hours,parcels\n";

    private async Task<JsonElement> RejectAsync(string key, byte[] body, string contentType = "text/csv")
    {
        var before = await host.FingerprintAsync();
        var status = await host.UploadAsync(key, body, contentType);
        Assert.Equal("rejected", status.GetProperty("status").GetString());
        Assert.Equal(before, await host.FingerprintAsync());
        return status;
    }

    private Task<JsonElement> RejectAsync(string key, string csv) => RejectAsync(key, Encoding.UTF8.GetBytes(csv));

    private static void AssertError(JsonElement status, int line, string column, string? value, string reasonPart, string? rule = null)
    {
        var errors = status.GetProperty("errors");
        Assert.True(errors.EnumerateArray().Any(e =>
            e.GetProperty("line").GetInt64() == line && e.GetProperty("column").GetString() == column
            && (value is null || e.GetProperty("value").GetString() == value)
            && e.GetProperty("reason").GetString()!.Contains(reasonPart)
            && (rule is null || e.GetProperty("rule").GetString() == rule)), $"no error line {line} column '{column}' value '{value}' '{reasonPart}' rule '{rule}' in {errors}");
    }

    public static TheoryData<string, string, int, string, string?, string, string> BadFiles => new()
    {
        // who, file, line, column, value, reason, rule
        { "sf", "node;kind;start;hours;parcels\nSF-SH;sort;2026-11-11T00:00:00+08:00;1;100\n", 1, "", "node;kind;start;hours;parcels", "wrong delimiter", "wrong_delimiter" },
        { "sf", "node,kind,start,parcels\nSF-SH,sort,2026-11-11T00:00:00+08:00,100\n", 1, "hours", null, "missing column", "missing_column" },
        { "sf", "node,kind,begin,hours,parcels\nSF-SH,sort,2026-11-11T00:00:00+08:00,1,100\n", 1, "#3", "begin", "unknown column", "unknown_column" },
        { "sf", "SF-SH,sort,2026-11-11T00:00:00+08:00,1,100\n", 1, "#1", "SF-SH", "unknown column", "unknown_column" },
        { "sf", Header + "SF-SH,sort,2026-11-11T00:00:00+08:00,1,100\nSF-XX,sort,2026-11-11T01:00:00+08:00,1,100\n", 3, "node", "SF-XX", "unknown node: no hub 'SF-XX'", "unknown_node" },
        { "sf", Header + "WH-SH1,sort,2026-11-11T00:00:00+08:00,1,100\n", 2, "node", "WH-SH1", "unknown node: no hub", "unknown_node" },
        { "sf", Header + "SF-SH,pickup,2026-11-11T00:00:00+08:00,1,100\n", 2, "node", "SF-SH", "unknown node: no warehouse", "unknown_node" },
        { "sf", Header + "SF-SH,sort,2026-11-11T00:00:00+08:00,1,100\nYTO-SH,sort,2026-11-11T00:00:00+08:00,1,100\n", 3, "node", "YTO-SH", "belongs to another carrier", "foreign_hub" },
        { "sf", Header + "WH-SH1,outbound,2026-11-11T00:00:00+08:00,1,100\n", 2, "kind", "outbound", "kind not allowed for the caller: outbound", "kind_not_allowed" },
        { "yto", Header + "WH-BJ1,pickup,2026-11-11T00:00:00+08:00,1,100\n", 2, "kind", "pickup", "no lane of this carrier at warehouse 'WH-BJ1'", "kind_not_allowed" },
        { "ops", Header + "WH-SH1,pickup,2026-11-11T00:00:00+08:00,1,100\n", 2, "kind", "pickup", "kind not allowed for the caller: pickup", "kind_not_allowed" },
        { "sf", Header + "SF-SH,dispatch,2026-11-11T00:00:00+08:00,1,100\n", 2, "kind", "dispatch", "unknown kind", "unknown_kind" },
        // The bulky kinds: a hub's bulky line, a carrier's bulky truck slots at a warehouse, checked as sort and pickup are.
        { "sf", Header + "SF-SH,bulky,2026-11-11T00:00:00+08:00,1,100\n", 2, "kind", "bulky", "unknown kind: expected one of sort, pickup, outbound, bulky_sort, bulky_pickup", "unknown_kind" },
        { "sf", Header + "WH-SH1,bulky_sort,2026-11-11T00:00:00+08:00,1,100\n", 2, "node", "WH-SH1", "unknown node: no hub 'WH-SH1' (bulky_sort capacity is given for a hub)", "unknown_node" },
        { "sf", Header + "SF-SH,bulky_pickup,2026-11-11T00:00:00+08:00,1,100\n", 2, "node", "SF-SH", "unknown node: no warehouse 'SF-SH' (bulky_pickup capacity is given for a warehouse)", "unknown_node" },
        { "sf", Header + "YTO-SH,bulky_sort,2026-11-11T00:00:00+08:00,1,100\n", 2, "node", "YTO-SH", "belongs to another carrier", "foreign_hub" },
        { "yto", Header + "WH-BJ1,bulky_pickup,2026-11-11T00:00:00+08:00,1,100\n", 2, "kind", "bulky_pickup", "no lane of this carrier at warehouse 'WH-BJ1'", "kind_not_allowed" },
        { "ops", Header + "WH-SH1,bulky_pickup,2026-11-11T00:00:00+08:00,1,100\n", 2, "kind", "bulky_pickup", "kind not allowed for the caller: bulky_pickup capacity is a carrier's", "kind_not_allowed" },
        { "sf", Header + "SF-SH,bulky_sort,2026-11-11T00:00:00+08:00,2,100\nSF-SH,bulky_sort,2026-11-11T01:00:00+08:00,1,100\n", 3, "start", "2026-11-11T01:00:00+08:00", "bulky_sort SF-SH at 2026-11-10T17:00:00Z is already covered by line 2", "overlapping_hours" },
        { "sf", Header + "SF-SH,sort,2026-11-11T00:00:00,1,100\n", 2, "start", "2026-11-11T00:00:00", "no UTC offset", "no_utc_offset" },
        { "sf", Header + "SF-SH,sort,2026-11-11T00:30:00+08:00,1,100\n", 2, "start", "2026-11-11T00:30:00+08:00", "on the hour", "not_on_the_hour" },
        { "sf", Header + "SF-SH,sort,2026-11-11T00:00:00+05:30,1,100\n", 2, "start", "2026-11-11T00:00:00+05:30", "on the hour", "not_on_the_hour" },
        { "sf", Header + "SF-SH,sort,11/11/2026 00:00,1,100\n", 2, "start", "11/11/2026 00:00", "not an ISO 8601 time", "not_a_time" },
        // An offset beyond DateTimeOffset's ±14 hours is a bad line (it used to be a 500), on either path of the parser.
        { "sf", Header + "SF-SH,sort,2026-11-11T00:00:00+14:30,1,100\n", 2, "start", "2026-11-11T00:00:00+14:30", "not an ISO 8601 time", "not_a_time" },
        { "sf", Header + "SF-SH,sort,2026-11-11T00:00:00+08:00,1,100\nSF-SH,sort,\"2026-11-11T00:00:00-15:00\",1,100\n", 3, "start", "2026-11-11T00:00:00-15:00", "not an ISO 8601 time", "not_a_time" },
        { "sf", Header + "SF-SH,sort,2026-11-11T00:00+14:30,1,100\n", 2, "start", "2026-11-11T00:00+14:30", "not an ISO 8601 time", "not_a_time" },
        { "sf", Header + "SF-SH,sort,2026-11-11T00:00:00+08:00,0,100\n", 2, "hours", "0", "1 to 24", "out_of_range" },
        { "sf", Header + "SF-SH,sort,2026-11-11T00:00:00+08:00,25,100\n", 2, "hours", "25", "1 to 24", "out_of_range" },
        { "sf", Header + "SF-SH,sort,2026-11-11T00:00:00+08:00,1,-5\n", 2, "parcels", "-5", "negative", "negative" },
        { "sf", Header + "SF-SH,sort,2026-11-11T00:00:00+08:00,1,12.5\n", 2, "parcels", "12.5", "whole number", "fractional" },
        { "sf", Header + "SF-SH,sort,2026-11-11T00:00:00+08:00,1,50001\n", 2, "parcels", "50001", "above the sanity maximum of 50000", "out_of_range" },
        { "sf", Header + "SF-SH,sort,2026-11-11T00:00:00+08:00,1,lots\n", 2, "parcels", "lots", "whole number", "not_a_number" },
        { "sf", Header + "SF-SH,sort,2026-11-11T00:00:00+08:00,1,100\nSF-BJ,sort,2026-11-11T00:00:00+08:00,1,100\nSF-SH,sort,2026-11-11T00:00:00+08:00,1,200\n", 4, "start", "2026-11-11T00:00:00+08:00", "already covered by line 2", "overlapping_hours" },
        // A 4-hour bucket from 00:00 covers 02:00 local (18:00Z the day before).
        { "sf", Header + "SF-SH,sort,2026-11-11T00:00:00+08:00,4,100\nSF-SH,sort,2026-11-10T18:00:00Z,2,100\n", 3, "start", "2026-11-10T18:00:00Z", "sort SF-SH at 2026-11-10T18:00:00Z is already covered by line 2", "overlapping_hours" },
        // The value is the later line's start as written, whatever its shape, even when a later hour of it overlaps.
        { "sf", Header + "SF-SH,sort,2026-11-11T00:00+08:00,1,100\nSF-SH,sort,2026-11-11T00:00+08:00,1,200\n", 3, "start", "2026-11-11T00:00+08:00", "already covered by line 2", "overlapping_hours" },
        { "sf", Header + "SF-SH,sort,2026-11-10T11:00:00-05:00,2,100\nSF-SH,sort,2026-11-10T10:00:00-05:00,3,200\n", 3, "start", "2026-11-10T10:00:00-05:00", "sort SF-SH at 2026-11-10T16:00:00Z is already covered by line 2", "overlapping_hours" },
        { "sf", Header + "SF-SH,sort,2026-11-11T00:00:00+08:00,1\n", 2, "", null, "expected 5 fields, found 4", "field_count" },
        { "sf", Header + "SF-SH,sort,\"2026-11-11T00:00:00+08:00,1,100\n", 2, "", null, "never closed", "malformed_csv" },
        { "sf", "", 1, "", null, "empty", "empty_file" },
        { "sf", "\uFEFF", 1, "", null, "empty", "empty_file" },
        { "sf", Header, 2, "", null, "header but no rows", "no_rows" },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public async Task A_bad_file_is_rejected_naming_line_column_value_and_reason(string who, string csv, int line, string column, string? value, string reason, string rule)
    {
        var key = who switch { "sf" => host.Sf, "yto" => host.Yto, _ => host.Ops };
        var status = await RejectAsync(key, csv);
        AssertError(status, line, column, value, reason, rule);
    }

    [Fact]
    public async Task Every_bad_line_is_reported_and_the_list_is_capped_with_the_full_count()
    {
        var sb = new StringBuilder(Header);
        sb.Append("SF-SH,sort,2026-11-11T00:00:00+08:00,1,100\n");
        for (var i = 0; i < 150; i++) sb.Append("SF-SH,sort,2026-11-12T00:00:00+08:00,1,-1\n");
        sb.Append("GHOST,sort,2026-11-13T00:00:00+08:00,1,100\n");
        var status = await RejectAsync(host.Sf, sb.ToString());
        Assert.Equal(151, status.GetProperty("error_count").GetInt32());
        Assert.Equal(CapacityHost.MaxStoredErrors, status.GetProperty("errors").GetArrayLength());
        AssertError(status, 3, "parcels", "-1", "negative");
        AssertError(status, 102, "parcels", "-1", "negative");

        var few = await RejectAsync(host.Sf, Header + "SF-SH,sort,2026-11-11T00:00:00+08:00,0,-1\nGHOST,sort,2026-11-11T00:00:00,1,1\n");
        AssertError(few, 2, "hours", "0", "1 to 24");
        AssertError(few, 2, "parcels", "-1", "negative");
        AssertError(few, 3, "start", "2026-11-11T00:00:00", "no UTC offset");
        Assert.Equal(3, few.GetProperty("error_count").GetInt32());
    }

    [Fact]
    public async Task An_offset_beyond_14_hours_in_json_is_a_line_error_and_14_hours_itself_is_accepted()
    {
        var json = """[{"node":"SF-SH","kind":"sort","start":"2026-11-11T00:00:00+14:30","hours":1,"parcels":100}]""";
        var status = await RejectAsync(host.Sf, Encoding.UTF8.GetBytes(json), "application/json");
        AssertError(status, 1, "start", "2026-11-11T00:00:00+14:30", "not an ISO 8601 time");

        var ok = await host.UploadAsync(host.Sf, Header + "SF-SH,sort,2026-12-11T00:00:00+14:00,1,100\n");
        Assert.Equal("accepted", ok.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Invalid_utf8_names_its_line()
    {
        var body = Encoding.UTF8.GetBytes(Header + "SF-SH,sort,2026-11-11T00:00:00+08:00,1,100\nSF-")
            .Concat(new byte[] { 0xC3, 0x28 }).Concat(Encoding.UTF8.GetBytes(",sort,2026-11-11T01:00:00+08:00,1,100\n")).ToArray();
        var status = await RejectAsync(host.Sf, body);
        AssertError(status, 3, "", null, "not valid UTF-8", "not_utf8");
    }

    [Fact]
    public async Task A_json_body_is_checked_like_csv_with_positions_as_lines()
    {
        var json = """[{"node":"SF-SH","kind":"sort","start":"2026-11-11T00:00:00+08:00","hours":1,"parcels":100},{"node":"SF-SH","kind":"sort","start":"2026-11-11T01:00:00+08:00","hours":1,"parcels":-3}]""";
        var status = await RejectAsync(host.Sf, Encoding.UTF8.GetBytes(json), "application/json");
        AssertError(status, 2, "parcels", "-3", "negative");

        var ok = await host.UploadAsync(host.Sf, Encoding.UTF8.GetBytes(json.Replace("-3", "3")), "application/json");
        Assert.Equal("accepted", ok.GetProperty("status").GetString());
        Assert.Equal(2, ok.GetProperty("rows_total").GetInt64());
    }

    [Fact]
    public async Task Bom_crlf_and_quoted_fields_are_accepted_and_a_bucket_becomes_hourly_rows()
    {
        var csv = "\uFEFFnode,kind,start,hours,parcels\r\n\"WH-BJ1\",\"pickup\",\"2026-11-11T00:00:00+08:00\",3,\"250\"\r\nSF-BJ,sort,2026-11-11T00:00:00+08:00,1,900\r\n";
        var status = await host.UploadAsync(host.Sf, csv);
        Assert.Equal("accepted", status.GetProperty("status").GetString());
        Assert.Equal(2, status.GetProperty("rows_total").GetInt64());
        Assert.Equal(4, status.GetProperty("rows_applied").GetInt64());
        await using var conn = await host.Db.OpenConnectionAsync();
        var hours = (await conn.QueryAsync<DateTime>("""
            SELECT e.hour FROM capacity_effective e JOIN warehouses w ON w.id = e.node_id
            WHERE w.code = 'WH-BJ1' AND e.kind = 'pickup' ORDER BY e.hour
            """)).Select(h => h.ToString("yyyy-MM-ddTHH:mm:ssZ")).ToList();
        Assert.Equal(["2026-11-10T16:00:00Z", "2026-11-10T17:00:00Z", "2026-11-10T18:00:00Z"], hours);
    }

    [Fact]
    public async Task A_body_over_the_limit_is_413_whether_it_says_so_or_not_and_nothing_is_stored()
    {
        var before = await host.FingerprintAsync();
        await using var conn = await host.Db.OpenConnectionAsync();
        var uploads = await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM uploads");

        var big = new byte[CapacityHost.MaxBodyBytes + 1];
        Array.Fill(big, (byte)'a');
        using (var declared = new ByteArrayContent(big))
        {
            declared.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
            using var response = await host.Client(host.Sf).PostAsync("/v1/capacity/uploads", declared);
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
            Assert.Contains("payload-too-large", await response.Content.ReadAsStringAsync());
        }
        // Chunked: no Content-Length, so the limit is enforced while streaming.
        using (var streamed = new StreamContent(new MemoryStream(big)))
        {
            streamed.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
            using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/capacity/uploads") { Content = streamed };
            request.Headers.TransferEncodingChunked = true;
            using var response = await host.Client(host.Sf).SendAsync(request);
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        }
        Assert.Equal(uploads, await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM uploads"));
        Assert.Equal(before, await host.FingerprintAsync());
    }

    [Fact]
    public async Task Wrong_content_type_read_only_keys_and_merchants_are_refused()
    {
        using var plain = new StringContent(Header, Encoding.UTF8, "text/plain");
        using (var r = await host.Client(host.Sf).PostAsync("/v1/capacity/uploads", plain))
            Assert.Equal(HttpStatusCode.UnsupportedMediaType, r.StatusCode);
        var readOnly = await host.KeyAsync("ops", readOnly: true);
        var merchant = await host.KeyAsync("merchant", "M-ACME");
        foreach (var key in new[] { readOnly, merchant })
        {
            using var csv = new StringContent(Header + "SF-SH,sort,2026-11-11T00:00:00+08:00,1,100\n", Encoding.UTF8, "text/csv");
            using var r = await host.Client(key).PostAsync("/v1/capacity/uploads", csv);
            Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode);
        }
    }
}
