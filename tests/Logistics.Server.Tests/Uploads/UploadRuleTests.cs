using System.Net;
using System.Text;
using System.Text.Json;
using Dapper;
using Logistics.Server.Tests.Support;

namespace Logistics.Server.Tests.Uploads;

/// <summary>
/// For each upload kind, a file with several different bad lines: every one is reported with its
/// line, column and rule code (and nothing else is), and the upload changes nothing.
/// </summary>
public sealed class UploadRuleTests(TestHost host) : IClassFixture<TestHost>, IAsyncLifetime
{
    private string _ops = "", _sf = "";

    public async Task InitializeAsync()
    {
        _ops = await host.KeyAsync("ops");
        await Fixtures.UploadAsync(host.Client(_ops), "network", Fixtures.Network);
        await Fixtures.UploadAsync(host.Client(_ops), "campaigns", Fixtures.Campaigns);
        _sf = await host.KeyAsync("carrier", "SF");
    }

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>Everything an upload of any kind could change.</summary>
    private async Task<string> FingerprintAsync()
    {
        string[] tables = ["carriers", "regions", "hubs", "warehouses", "merchants", "lanes", "merchant_warehouses", "campaigns",
                           "demand_signals", "demand_outcomes", "capacity_history"];
        await using var conn = await host.Db.OpenConnectionAsync();
        var parts = new List<string>();
        foreach (var table in tables)
            parts.Add(await conn.ExecuteScalarAsync<string>($"SELECT coalesce(string_agg(t::text, ';' ORDER BY t::text), '') FROM {table} t") ?? "");
        return string.Join("|", parts);
    }

    /// <summary>Posts the body, waits for the verdict, and checks it is a rejection that changed nothing.</summary>
    private async Task<JsonElement> RejectAsync(string key, string kind, string body, string contentType = "text/csv")
    {
        var before = await FingerprintAsync();
        var client = host.Client(key);
        using var response = await client.PostAsync($"/v1/{kind}/uploads", new StringContent(body, Encoding.UTF8, contentType));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{(int)response.StatusCode}: {text}");
        var location = response.Headers.Location!.ToString();
        var status = JsonDocument.Parse(text).RootElement.Clone();
        for (var i = 0; i < 400 && status.GetProperty("status").GetString() is not ("accepted" or "rejected" or "failed"); i++)
        {
            await Task.Delay(50);
            status = await Fixtures.GetJsonAsync(client, location);
        }
        Assert.True(status.GetProperty("status").GetString() == "rejected", $"not rejected: {status}");
        Assert.Equal(before, await FingerprintAsync());
        return status;
    }

    /// <summary>The errors are exactly these (line, column, rule), each with a reason, and error_count counts them.</summary>
    private static void AssertErrors(JsonElement status, params (long Line, string Column, string Rule)[] expected)
    {
        var errors = status.GetProperty("errors").EnumerateArray()
            .Select(e => (e.GetProperty("line").GetInt64(), e.GetProperty("column").GetString()!, e.GetProperty("rule").GetString()!))
            .OrderBy(e => e.Item1).ThenBy(e => e.Item2, StringComparer.Ordinal).ToList();
        Assert.Equal(expected.OrderBy(e => e.Line).ThenBy(e => e.Column, StringComparer.Ordinal).ToList(), errors);
        Assert.Equal(expected.Length, status.GetProperty("error_count").GetInt32());
        foreach (var e in status.GetProperty("errors").EnumerateArray())
            Assert.False(string.IsNullOrEmpty(e.GetProperty("reason").GetString()), $"no reason in {e}");
    }

    private static string Reason(JsonElement status, long line, string column) => Fixtures.ErrorReason(status, line, column);

    [Fact]
    public async Task A_network_file_reports_every_bad_line_with_its_rule()
    {
        var status = await RejectAsync(_ops, "network", """
            kind,code,name,parent,region,transit_hours
            region,WEST,West China,,,
            hubb,SF-CD,SF Chengdu hub,SF,WEST,
            hub,SF-CD,SF Chengdu hub,sf,WEST,
            hub,SF CD2,x,SF,WEST,
            lane,WH-SH1,,SF,,
            carrier,JD,JD Logistics,,EAST,
            lane,WH-SH1>YTO-SH,,SF,,12
            warehouse,WH-CD1,Chengdu warehouse 1,,west,
            region,WEST,West again,,,
            merchant,M-ZED
            lane,WH-CD1>SF-SH,,SF,,999
            warehouse,WH-X,x,,EAST,5
            """);
        AssertErrors(status,
            (3, "kind", "unknown_kind"), (4, "parent", "missing_parent"), (5, "code", "invalid_code"), (6, "code", "pair_code"),
            (7, "region", "not_applicable"), (8, "parent", "lane_carrier_mismatch"), (9, "region", "missing_parent"),
            (10, "code", "duplicate_code"), (11, "", "field_count"), (12, "transit_hours", "out_of_range"), (13, "transit_hours", "not_applicable"));
        Assert.EndsWith("(did you mean 'hub'?)", Reason(status, 3, "kind"));
        Assert.EndsWith("(did you mean 'SF'?)", Reason(status, 4, "parent"));
        Assert.EndsWith("(did you mean 'WEST'?)", Reason(status, 9, "region"));
    }

    [Fact]
    public async Task A_network_json_body_reports_malformed_rows_beside_the_others_errors_by_position()
    {
        var status = await RejectAsync(_ops, "network", """
            [{"kind":"region","code":"J1","name":"Json region"},
             42,
             {"kind":"hub","code":"J-H","nmae":"x","parent":"SF","region":"J1"},
             {"kind":"hub","code":"J-H2","name":"x","parent":"NOPE","region":"J1"},
             {"kind":"region","code":"J3","name":["x"]}]
            """, "application/json");
        AssertErrors(status, (2, "", "not_an_object"), (3, "nmae", "unknown_field"), (4, "parent", "missing_parent"), (5, "name", "field_type"));
        Assert.EndsWith("(did you mean 'name'?)", Reason(status, 3, "nmae"));
        Assert.Equal(5, status.GetProperty("rows_total").GetInt64());
    }

    [Fact]
    public async Task A_campaigns_file_reports_every_bad_line_with_its_rule()
    {
        var status = await RejectAsync(_ops, "campaigns", """
            code,name,time_zone,sale_days,horizon_start,horizon_end,ship_within_hours
            D12-2026,Double 12,Asia/Shanghai,2026-12-12,2026-12-01,2026-12-14,72
            D12-2026,Double 12 again,Asia/Shanghai,2026-12-12,2026-12-01,2026-12-14,72
            618-2027,Mid-year,Asia/Shangai,2027-06-18,2027-06-01,2027-06-20,72
            X1,X,Asia/Shanghai,2027-01-05,2027-01-10,2027-01-01,72
            X2,X,Asia/Shanghai,2027-01-05,2027-01-01,2027-06-01,72
            X3,X,Asia/Shanghai,2027-02-30,2027-02-01,2027-02-28,72
            X4,X,Asia/Shanghai,2027-03-05,2027-03-01,2027-03-10,-5
            X5,X,Asia/Shanghai,2027-03-05,2027-03-01,2027-03-10,1.5
            X6,,Asia/Shanghai,2027-03-05,2027-03-01,2027-03-10,72
            X7,X
            """);
        AssertErrors(status,
            (3, "code", "duplicate_code"), (4, "time_zone", "unknown_time_zone"), (5, "horizon_end", "ends_before_start"),
            (6, "horizon_end", "horizon_too_long"), (7, "sale_days", "not_a_date"), (8, "ship_within_hours", "negative"),
            (9, "ship_within_hours", "fractional"), (10, "name", "missing_value"), (11, "", "field_count"));
        Assert.EndsWith("(did you mean 'Asia/Shanghai'?)", Reason(status, 4, "time_zone"));
    }

    [Fact]
    public async Task A_broken_quote_in_a_campaigns_file_still_lets_the_lines_before_it_be_checked()
    {
        var status = await RejectAsync(_ops, "campaigns", """
            code,name,time_zone,sale_days,horizon_start,horizon_end,ship_within_hours
            Q1,Quote 1,Asia/Shanghai,2027-03-05,2027-03-01,2027-03-10,72
            Q2,Quote 2,Mars/Olympus,2027-03-05,2027-03-01,2027-03-10,72
            Q3,"Quote 3,Asia/Shanghai,2027-03-05,2027-03-01,2027-03-10,72
            Q4,Quote 4,Asia/Shanghai,2027-03-05,2027-03-01,2027-03-10,72
            """);
        AssertErrors(status, (3, "time_zone", "unknown_time_zone"), (4, "", "malformed_csv"));
    }

    [Fact]
    public async Task Bytes_that_are_not_utf8_in_a_network_file_still_let_the_lines_before_them_be_checked()
    {
        var body = Encoding.UTF8.GetBytes("kind,code,name,parent,region\nregion,U1,Utf region,,\nhub,U-H,U hub,NOPE,U1\nregion,U")
            .Concat(new byte[] { 0xC3, 0x28 }).Concat(Encoding.UTF8.GetBytes("2,x,,\nregion,U3,y,,\n")).ToArray();
        var before = await FingerprintAsync();
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/csv");
        using var response = await host.Client(_ops).PostAsync("/v1/network/uploads", content);
        var status = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
        Assert.Equal("rejected", status.GetProperty("status").GetString());
        AssertErrors(status, (3, "parent", "missing_parent"), (4, "", "not_utf8"));
        Assert.Equal(before, await FingerprintAsync());
    }

    [Fact]
    public async Task A_capacity_file_reports_every_bad_line_with_its_rule_including_the_overlaps()
    {
        var status = await RejectAsync(_sf, "capacity", """
            node,kind,start,hours,parcels
            SF-SH,sort,2026-11-11T00:00:00+08:00,1,100
            SF-SH,srot,2026-11-11T01:00:00+08:00,1,100
            sf-sh,sort,2026-11-11T02:00:00+08:00,1,100
            SF-SH,sort,2026-11-11,1,100
            SF-SH,sort,2026-11-11T03:00:00,1,100
            SF-SH,sort,2026-11-11T03:30:00+08:00,1,100
            SF-SH,sort,2026-11-11T04:00:00+08:00,25,100
            SF-SH,sort,2026-11-11T05:00:00+08:00,1,-5
            SF-SH,sort,2026-11-11T06:00:00+08:00,1,lots
            YTO-SH,sort,2026-11-11T07:00:00+08:00,1,100
            WH-SH1,outbound,2026-11-11T07:00:00+08:00,1,100
            SF-SH,sort,2026-11-11T00:00:00+08:00,1,200
            SF-SH,sort
            """);
        AssertErrors(status,
            (3, "kind", "unknown_kind"), (4, "node", "unknown_node"), (5, "start", "date_only"), (6, "start", "no_utc_offset"),
            (7, "start", "not_on_the_hour"), (8, "hours", "out_of_range"), (9, "parcels", "negative"), (10, "parcels", "not_a_number"),
            (11, "node", "foreign_hub"), (12, "kind", "kind_not_allowed"), (13, "start", "overlapping_hours"), (14, "", "field_count"));
        Assert.EndsWith("(did you mean 'sort'?)", Reason(status, 3, "kind"));
        Assert.EndsWith("(did you mean 'SF-SH'?)", Reason(status, 4, "node"));
    }

    [Fact]
    public async Task A_capacity_json_body_reports_every_bad_row_with_its_rule()
    {
        var status = await RejectAsync(_sf, "capacity", """
            [{"node":"SF-SH","kind":"sort","start":"2026-11-12T00:00:00+08:00","hours":1,"parcels":100},
             "x",
             {"node":"SF-SH","kind":"sort","start":"2026-11-12T01:00:00+08:00","hours":1,"parcel":100},
             {"node":"SF-SH","kind":"sort","start":"2026-11-12T02:00:00+08:00","hours":[1],"parcels":100},
             {"node":"SF-SH","kind":"sort","start":"2026-11-12T03:00:00+08:00","hours":1,"parcels":1.5},
             {"node":"","kind":"sort","start":"2026-11-12T04:00:00+08:00","hours":1,"parcels":1}]
            """, "application/json");
        AssertErrors(status, (2, "", "not_an_object"), (3, "parcel", "unknown_field"), (4, "hours", "field_type"), (5, "parcels", "fractional"),
            (6, "node", "missing_value"));
        Assert.EndsWith("(did you mean 'parcels'?)", Reason(status, 3, "parcel"));
    }

    [Fact]
    public async Task A_signals_file_reports_every_bad_line_with_its_rule()
    {
        var status = await RejectAsync(_ops, "signals", """
            campaign,merchant,warehouse,region,category,date,page_views,carts,favorites,deposits,presale_orders
            D11-2026,M-ACME,WH-SH1,EAST,apparel,2026-10-20,1500,120,,30,
            D11-2026,M-ACME,WH-SH1
            D11-2026,M-NOPE,WH-SH1,EAST,apparel,2026-10-20,1500,120,,30,
            D11-2026,M-ACME,wh-sh1,EAST,apparel,2026-10-21,1500,120,,30,
            d11-2026,M-ACME,WH-SH1,EAST,apparel,2026-10-22,1500,120,,30,
            D11-2026,M-ACME,WH-SH1,east,apparel,2026-10-23,1500,120,,30,
            D11-2026,M-BOLT,WH-SH1,EAST,apparel,2026-10-24,1500,120,,30,
            D11-2026,M-ACME,WH-SH1,EAST,app arel,2026-10-25,1500,120,,30,
            D11-2026,M-ACME,WH-SH1,EAST,apparel,2026-02-30,1500,120,,30,
            D11-2026,M-ACME,WH-SH1,EAST,apparel,2025-01-01,1500,120,,30,
            D11-2026,M-ACME,WH-SH1,EAST,apparel,2026-10-26,-5,120,,30,
            D11-2026,M-ACME,WH-SH1,EAST,apparel,2026-10-27,1500,1.5,,30,
            D11-2026,M-ACME,WH-SH1,EAST,apparel,2026-10-28,1500,120,lots,30,
            D11-2026,M-ACME,WH-SH1,EAST,apparel,2026-10-20,1,1,,1,
            """);
        AssertErrors(status,
            (3, "", "field_count"), (4, "merchant", "unknown_merchant"), (5, "warehouse", "unknown_warehouse"), (6, "campaign", "unknown_campaign"),
            (7, "region", "unknown_region"), (8, "warehouse", "warehouse_not_used"), (9, "category", "invalid_code"), (10, "date", "not_a_date"),
            (11, "date", "outside_campaign"), (12, "page_views", "negative"), (13, "carts", "fractional"), (14, "favorites", "not_a_number"),
            (15, "date", "duplicate_row"));
        Assert.EndsWith("(did you mean 'WH-SH1'?)", Reason(status, 5, "warehouse"));
        Assert.EndsWith("(did you mean 'D11-2026'?)", Reason(status, 6, "campaign"));
        Assert.EndsWith("(did you mean 'EAST'?)", Reason(status, 7, "region"));
    }

    [Fact]
    public async Task A_signals_json_body_reports_malformed_rows_beside_the_others_errors_by_position()
    {
        var status = await RejectAsync(_ops, "signals", """
            [{"campaign":"D11-2026","merchant":"M-ACME","warehouse":"WH-SH1","region":"EAST","category":"toys","date":"2026-10-20","page_views":1},
             7,
             {"campaign":"D11-2026","merchant":"M-ACME","warehouse":"WH-SH1","region":"EAST","category":"toys","date":"2026-10-21","page_view":1},
             {"campaign":"D11-2026","merchant":"M-NOPE","warehouse":"WH-SH1","region":"EAST","category":"toys","date":"2026-10-22"},
             {"campaign":"D11-2026","merchant":"M-ACME","warehouse":"WH-SH1","region":"EAST","category":"toys","date":"2026-10-23","carts":-1}]
            """, "application/json");
        AssertErrors(status, (2, "", "not_an_object"), (3, "page_view", "unknown_field"), (4, "merchant", "unknown_merchant"), (5, "carts", "negative"));
        Assert.EndsWith("(did you mean 'page_views'?)", Reason(status, 3, "page_view"));
    }

    [Fact]
    public async Task An_outcomes_file_reports_every_bad_line_with_its_rule()
    {
        var status = await RejectAsync(_ops, "outcomes", """
            campaign,merchant,warehouse,carrier,region,date,hour,parcels
            D11-2026,M-ACME,WH-SH1,SF,EAST,2026-11-11,10,500
            D11-2026,M-ACME,WH-SH1,sf,EAST,2026-11-11,11,500
            D11-2026,M-ACME,WH-SH1,SF,EAST,2026-11-11,24,500
            D11-2026,M-ACME,WH-SH1,SF,EAST,2026-11-11,-1,500
            D11-2026,M-ACME,WH-SH1,SF,EAST,2026-11-11,12,
            D11-2026,M-ACME,WH-SH1,SF,EAST,2026-11-11,13,9999999999999
            D11-2026,M-ACME,WH-SH1,SF,EAST,2026-11-11,14,12.5
            D11-2026,M-ACME,WH-SH1,SF,EAST,2026-11-11,10,600
            D11-2026,M-ACME,WH-SH1,SF,EAST,2026-11-11
            """);
        AssertErrors(status,
            (3, "carrier", "unknown_carrier"), (4, "hour", "out_of_range"), (5, "hour", "negative"), (6, "parcels", "missing_value"),
            (7, "parcels", "out_of_range"), (8, "parcels", "fractional"), (9, "hour", "duplicate_row"), (10, "", "field_count"));
        Assert.EndsWith("(did you mean 'SF'?)", Reason(status, 3, "carrier"));
    }
}
