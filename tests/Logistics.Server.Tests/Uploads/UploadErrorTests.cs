using System.Text.Json;
using Logistics.Server.Tests.Support;

namespace Logistics.Server.Tests.Uploads;

/// <summary>Every bad line on every path, with a "did you mean" where a near code or keyword exists.</summary>
public sealed class UploadErrorTests(TestHost host) : IClassFixture<TestHost>, IAsyncLifetime
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

    private async Task<JsonElement> FinalAsync(string key, string kind, string csv)
    {
        var client = host.Client(key);
        var upload = await Fixtures.UploadAsync(client, kind, csv);
        return await Fixtures.PollUntilAsync(client, $"/v1/{kind}/uploads/{upload.GetProperty("id").GetString()}",
            s => s.GetProperty("status").GetString() is "accepted" or "rejected");
    }

    private static string Reason(JsonElement status, long line, string column) => Fixtures.ErrorReason(status, line, column);

    [Fact]
    public async Task A_wrong_field_count_no_longer_hides_the_other_bad_lines_of_a_signals_file()
    {
        var status = await FinalAsync(_ops, "signals", """
            campaign,merchant,warehouse,region,category,date,page_views,carts,favorites,deposits,presale_orders
            D11-2026,M-ACME,WH-SH1,EAST,apparel,2026-10-20,1500,120,,30,
            D11-2026,M-ACME,WH-SH1
            D11-2026,M-NOPE,WH-SH1,EAST,apparel,2026-10-20,1500,120,,30,
            D11-2026,M-ACME,wh-sh1,EAST,apparel,2026-10-21,1500,120,,30,
            d11-2026,M-ACME,WH-SH1,EAST,apparel,2026-10-22,1500,120,,30,
            """);
        Assert.Equal("rejected", status.GetProperty("status").GetString());
        Assert.Equal(4, status.GetProperty("error_count").GetInt32());
        Assert.Equal([3L, 4, 5, 6], status.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("line").GetInt64()));
        Assert.Contains("expected 11 fields, found 3", Reason(status, 3, ""));
        Assert.DoesNotContain("did you mean", Reason(status, 4, "merchant"));
        Assert.EndsWith("(did you mean 'WH-SH1'?)", Reason(status, 5, "warehouse"));
        Assert.EndsWith("(did you mean 'D11-2026'?)", Reason(status, 6, "campaign"));
    }

    [Fact]
    public async Task Capacity_suggests_the_kind_and_the_node_and_says_a_date_only_start_is_a_date()
    {
        var status = await FinalAsync(_sf, "capacity", """
            node,kind,start,hours,parcels
            SF-SH,srot,2026-11-11T00:00:00+08:00,1,100
            sf-sh,sort,2026-11-11T01:00:00+08:00,1,100
            SF-SH,sort,2026-11-11,1,100
            SF-SH,xyzzy,2026-11-11T02:00:00+08:00,1,100
            """);
        Assert.Equal("rejected", status.GetProperty("status").GetString());
        Assert.EndsWith("(did you mean 'sort'?)", Reason(status, 2, "kind"));
        Assert.EndsWith("(did you mean 'SF-SH'?)", Reason(status, 3, "node"));
        var dateOnly = Reason(status, 4, "start");
        Assert.Contains("a date without a time", dateOnly);
        Assert.DoesNotContain("no UTC offset", dateOnly);
        Assert.DoesNotContain("did you mean", Reason(status, 5, "kind"));
    }

    [Theory]
    [InlineData("srot", "sort")]
    [InlineData("SORT", "sort")]
    [InlineData("pikcup", "pickup")]
    [InlineData("outbund", "outbound")]
    [InlineData("xyzzy", null)]
    [InlineData("s", null)]
    public void Keywords_a_slip_away_are_suggested(string given, string? expected) =>
        Assert.Equal(expected, Logistics.Server.Ingest.DidYouMean.Keyword(given, ["sort", "pickup", "outbound"]));
}
