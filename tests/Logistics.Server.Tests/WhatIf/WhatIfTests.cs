using System.Net;
using System.Text;
using System.Text.Json;
using Dapper;
using Logistics.Server.Tests.Regions;
using Logistics.Server.Tests.Support;

namespace Logistics.Server.Tests.WhatIf;

/// <summary>A dry run over real HTTP on the real worker: its diff, that it publishes nothing, and "publish this".</summary>
public sealed class WhatIfTests(RegionWorldHost host) : IClassFixture<RegionWorldHost>
{
    /// <summary>Everything merchants read, digested: the feed, the alerts, the windows, whom they concern, the publications and the runs.</summary>
    private async Task<string> PublishedStateAsync()
    {
        await using var conn = await host.Db.OpenConnectionAsync();
        var parts = new List<string>();
        foreach (var table in new[] { "alert_events", "alerts", "merchant_windows", "merchant_alerts", "merchant_feed", "publications", "plan_runs", "plan_node_loads", "plan_lane_loads", "uploads" })
            parts.Add(table + ":" + await conn.ExecuteScalarAsync<string>($"SELECT count(*) || '/' || coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '') FROM {table} t"));
        return string.Join("\n", parts);
    }

    private static StringContent Json(object body) => new(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");

    private async Task<JsonElement> FinishedAsync(HttpClient ops, string location)
    {
        for (var i = 0; i < 600; i++)
        {
            var view = await Fixtures.GetJsonAsync(ops, location);
            if (view.GetProperty("status").GetString() is "finished" or "failed") return view;
            await Task.Delay(100);
        }
        throw new TimeoutException("the what-if never finished");
    }

    [Fact]
    public async Task A_dry_run_diffs_a_hub_closure_against_the_published_run_publishes_nothing_and_can_then_be_published()
    {
        var ops = host.Client(host.OpsKey);
        var before = await PublishedStateAsync();

        // A typhoon shuts SF's Shanghai hub for 12 hours on Nov 11, and YTO cuts its pickup at WH-SH1 by 30 % on Nov 12.
        using var queued = await ops.PostAsync("/v1/plan-runs", Json(new
        {
            campaign = "D11-2026", dry_run = true,
            capacity_overrides = new object[]
            {
                new { node = "SF-SH", from = "2026-11-11T00:00:00+08:00", to = "2026-11-11T12:00:00+08:00", parcels = 0 },
                new { node = "WH-SH1", kind = "pickup", carrier = "YTO", from = "2026-11-12T00:00:00+08:00", to = "2026-11-13T00:00:00+08:00", factor = 0.7 },
            },
        }));
        var queuedText = await queued.Content.ReadAsStringAsync();
        Assert.True(queued.StatusCode == HttpStatusCode.Accepted, queuedText);
        var whatIfId = JsonDocument.Parse(queuedText).RootElement.GetProperty("what_if").GetInt64();
        Assert.Equal($"/v1/what-ifs/{whatIfId}", queued.Headers.Location!.ToString());
        // Its id comes from the planning runs' sequence: no planning run has it, so /ops/runs/{id} can show it.
        await using (var conn = await host.Db.OpenConnectionAsync())
            Assert.False(await conn.ExecuteScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM plan_runs WHERE id = @whatIfId)", new { whatIfId }));

        var view = await FinishedAsync(ops, queued.Headers.Location.ToString());
        Assert.True(view.GetProperty("status").GetString() == "finished", view.ToString());
        var diff = view.GetProperty("diff");
        Assert.Equal(host.Run, diff.GetProperty("base_run").GetInt64());
        // Shut for half of its busiest day, SF-SH gets a blocked alert (or a changed one) that only Acme, who ships through it, hears of.
        var touched = diff.GetProperty("alerts_added").EnumerateArray().Concat(diff.GetProperty("alerts_changed").EnumerateArray().Select(c => c.GetProperty("after"))).ToList();
        Assert.Contains(touched, a => a.GetProperty("node").GetString() == "SF-SH" && a.GetProperty("node_kind").GetString() == "origin_hub");
        var merchants = diff.GetProperty("merchants_affected").GetProperty("merchants").EnumerateArray().Select(m => m.GetString()).ToList();
        Assert.Contains("M-ACME", merchants);
        Assert.DoesNotContain("M-BOLT", merchants);
        Assert.True(diff.GetProperty("parcels").GetProperty("moved").GetInt64() > 0, diff.ToString());
        Assert.True(diff.GetProperty("parcels").GetProperty("delayed").GetProperty("after").GetInt64()
                    >= diff.GetProperty("parcels").GetProperty("delayed").GetProperty("before").GetInt64(), diff.ToString());

        // Nothing a merchant reads changed: feed, alerts, windows, audiences, publications, runs.
        Assert.Equal(before, await PublishedStateAsync());

        // A merchant or carrier cannot see what-ifs; a missing one is a 404.
        Assert.Equal(HttpStatusCode.Forbidden, (await host.Client(await host.KeyAsync("merchant", "M-ACME")).GetAsync(queued.Headers.Location)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await ops.GetAsync("/v1/what-ifs/999999")).StatusCode);

        // Publish this: SF's closure becomes an upload by ops speaking for SF, loaded, and a run is queued. YTO never
        // gave a pickup figure at WH-SH1 (not limited), and 70 % of no limit is still none: no file for YTO.
        using var published = await ops.PostAsync($"/v1/what-ifs/{whatIfId}/publish", null);
        var publishedText = await published.Content.ReadAsStringAsync();
        Assert.True(published.StatusCode == HttpStatusCode.Accepted, publishedText);
        var answer = JsonDocument.Parse(publishedText).RootElement;
        Assert.Equal(1, answer.GetProperty("uploads").GetArrayLength());
        Assert.All(answer.GetProperty("uploads").EnumerateArray(), u => Assert.Equal("accepted", u.GetProperty("status").GetString()));
        Assert.Equal(JsonValueKind.String, answer.GetProperty("plan_job_id").ValueKind);
        var sf = await Fixtures.GetJsonAsync(ops, "/v1/capacity?node=SF-SH&from=2026-11-10T16:00:00Z&to=2026-11-11T04:00:00Z");
        Assert.All(sf.GetProperty("hours").EnumerateArray(), h => Assert.Equal(0, h.GetProperty("parcels").GetInt64()));
        Assert.Equal(12, sf.GetProperty("hours").GetArrayLength());
        // Again is refused: the overrides are real now.
        using var again = await ops.PostAsync($"/v1/what-ifs/{whatIfId}/publish", null);
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
    }

    [Theory]
    [InlineData("""{"campaign":"D11-2026","dry_run":true,"capacity_overrides":[{"node":"SF-SH","from":"2026-11-11T00:00:00+08:00","to":"2026-11-11T12:00:00+08:00","parcels":0,"factor":0.5}]}""", "capacity_overrides[0]: give exactly one of parcels")]
    [InlineData("""{"campaign":"D11-2026","dry_run":true,"capacity_overrides":[{"node":"SF-XX","from":"2026-11-11T00:00:00+08:00","to":"2026-11-11T12:00:00+08:00","parcels":0}]}""", "capacity_overrides[0].node: no hub or warehouse 'SF-XX'")]
    [InlineData("""{"campaign":"D11-2026","dry_run":true,"capacity_overrides":[{"node":"SF-SH","from":"2026-11-11T00:00:00","to":"2026-11-11T12:00:00+08:00","parcels":0}]}""", "capacity_overrides[0].from: '2026-11-11T00:00:00' is not an RFC 3339 time with an offset")]
    [InlineData("""{"campaign":"D11-2026","dry_run":true,"capacity_overrides":[{"node":"WH-SH1","kind":"sort","from":"2026-11-11T00:00:00+08:00","to":"2026-11-11T12:00:00+08:00","factor":0.5}]}""", "capacity_overrides[0].kind: sort is a hub's; 'WH-SH1' is a warehouse")]
    [InlineData("""{"campaign":"D11-2026","dry_run":true,"capacity_overrides":[{"node":"WH-BJ1","carrier":"YTO","from":"2026-11-11T00:00:00+08:00","to":"2026-11-11T12:00:00+08:00","factor":0.5}]}""", "capacity_overrides[0].carrier: 'YTO' has no lane at 'WH-BJ1'")]
    [InlineData("""{"campaign":"D11-2026","dry_run":true,"capacity_overrides":[{"node":"WH-SH1","kind":"bulky_sort","from":"2026-11-11T00:00:00+08:00","to":"2026-11-11T12:00:00+08:00","parcels":5}]}""", "capacity_overrides[0].kind: bulky_sort is a hub's; 'WH-SH1' is a warehouse")]
    [InlineData("""{"campaign":"D11-2026","dry_run":true,"capacity_overrides":[{"node":"SF-SH","kind":"bulky_pickup","from":"2026-11-11T00:00:00+08:00","to":"2026-11-11T12:00:00+08:00","parcels":5}]}""", "capacity_overrides[0].kind: bulky_pickup is a warehouse's; 'SF-SH' is a hub")]
    [InlineData("""{"campaign":"D11-2026","dry_run":true,"capacity_overrides":[{"node":"SF-SH","kind":"bulky_sort","carrier":"SF","from":"2026-11-11T00:00:00+08:00","to":"2026-11-11T12:00:00+08:00","parcels":5}]}""", "capacity_overrides[0].carrier: names a carrier's pickup or bulky pickup at a warehouse only")]
    [InlineData("""{"campaign":"D11-2026","dry_run":true,"capacity_overrides":[{"node":"SF-SH","kind":"bulk","from":"2026-11-11T00:00:00+08:00","to":"2026-11-11T12:00:00+08:00","parcels":5}]}""", "capacity_overrides[0].kind: 'bulk' is not sort, pickup, outbound, bulky_sort or bulky_pickup")]
    [InlineData("""{"campaign":"D11-2026","dry_run":true}""", "capacity_overrides: a dry run needs at least one override")]
    [InlineData("""{"campaign":"D11-2026","capacity_overrides":[]}""", "capacity_overrides are for a dry run")]
    public async Task Bad_overrides_are_named_and_nothing_is_queued(string body, string expected)
    {
        using var response = await host.Client(host.OpsKey).PostAsync("/v1/plan-runs", new StringContent(body, Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(expected, JsonDocument.Parse(text).RootElement.GetProperty("detail").GetString());
        await using var conn = await host.Db.OpenConnectionAsync();
        Assert.Equal(0, await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM what_if_runs WHERE status = 'queued' AND job_id IS NULL"));
    }
}
