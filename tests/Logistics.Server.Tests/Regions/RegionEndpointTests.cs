using System.Net;
using System.Text.Json;
using Dapper;
using Logistics.Server.Tests.Support;

namespace Logistics.Server.Tests.Regions;

/// <summary>GET /v1/regions and /v1/regions/{code}/status over real HTTP, from a real published run.</summary>
public sealed class RegionEndpointTests(RegionLanesWorldHost host) : IClassFixture<RegionLanesWorldHost>
{
    private static async Task<(HttpStatusCode Status, string? ETag, JsonElement Body)> GetAsync(HttpClient client, string path, string? etag = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (etag is not null) request.Headers.TryAddWithoutValidation("If-None-Match", etag);
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, response.Headers.ETag?.Tag, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    [Fact]
    public async Task Ops_see_every_region_with_its_hubs_and_a_merchant_only_those_its_demand_ships_to()
    {
        var ops = host.Client(host.OpsKey);
        var all = await GetAsync(ops, "/v1/regions");
        Assert.Equal(HttpStatusCode.OK, all.Status);
        var regions = all.Body.GetProperty("regions").EnumerateArray().ToDictionary(r => r.GetProperty("code").GetString()!);
        Assert.Equal(["EAST", "NORTH"], regions.Keys.Order());
        Assert.Equal(["SF-SH", "YTO-SH"], regions["EAST"].GetProperty("hubs").EnumerateArray().Select(h => h.GetProperty("code").GetString()));
        Assert.Equal("SF", regions["NORTH"].GetProperty("hubs")[0].GetProperty("carrier").GetString());

        // Acme's signals ship to EAST only, Bolt's to NORTH only.
        var acme = host.Client(await host.KeyAsync("merchant", "M-ACME"));
        var bolt = host.Client(await host.KeyAsync("merchant", "M-BOLT"));
        Assert.Equal(["EAST"], (await GetAsync(acme, "/v1/regions")).Body.GetProperty("regions").EnumerateArray().Select(r => r.GetProperty("code").GetString()));
        Assert.Equal(["NORTH"], (await GetAsync(bolt, "/v1/regions?campaign=D11-2026")).Body.GetProperty("regions").EnumerateArray().Select(r => r.GetProperty("code").GetString()));

        // The same answer again is a 304 with no body.
        Assert.NotNull(all.ETag);
        var again = await GetAsync(ops, "/v1/regions", all.ETag);
        Assert.Equal(HttpStatusCode.NotModified, again.Status);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(acme, "/v1/regions", all.ETag)).Status);   // another answer, another ETag

        // Carriers have their own view (/v1/carriers/me/load), not this one.
        var sf = host.Client(await host.KeyAsync("carrier", "SF"));
        Assert.Equal(HttpStatusCode.Forbidden, (await GetAsync(sf, "/v1/regions")).Status);
    }

    [Fact]
    public async Task A_regions_status_is_the_published_runs_receiving_hubs_hour_by_hour_and_agrees_with_its_delay_notices()
    {
        var bolt = host.Client(await host.KeyAsync("merchant", "M-BOLT"));
        var (status, etag, body) = await GetAsync(bolt, "/v1/regions/NORTH/status?campaign=D11-2026");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(host.Run, body.GetProperty("plan_run").GetInt64());
        Assert.Equal("Asia/Shanghai", body.GetProperty("time_zone").GetString());
        var hub = Assert.Single(body.GetProperty("hubs").EnumerateArray());
        Assert.Equal(("SF-BJ", "destination_hub", "SF"), (hub.GetProperty("node").GetString(), hub.GetProperty("node_kind").GetString(), hub.GetProperty("carrier").GetString()));
        var hours = hub.GetProperty("hours").EnumerateArray().ToList();
        var days = hub.GetProperty("days").EnumerateArray().ToList();
        Assert.Equal(14 * 24, hours.Count);
        Assert.Equal(14, days.Count);
        Assert.Equal(new DateOnly(2026, 11, 1), DateOnly.Parse(days[0].GetProperty("date").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(TimeSpan.FromHours(8), hours[0].GetProperty("start").GetDateTimeOffset().Offset);

        // The planned load is the stored run's, hour by hour.
        await using (var conn = await host.Db.OpenConnectionAsync())
        {
            var stored = await conn.QuerySingleAsync<float[]>(
                "SELECT planned FROM plan_node_loads WHERE plan_run_id = @Run AND kind = 'destination_hub' AND node = 'SF-BJ'", new { host.Run });
            Assert.Equal(stored.Select(p => (long)Math.Round(p, MidpointRounding.AwayFromZero)), hours.Select(h => h.GetProperty("planned").GetInt64()));
        }
        // The hub nearly shut on Nov 12-13 has capacity 1 there, and parcels reaching it then wait.
        var nov12 = days.Single(d => d.GetProperty("date").GetString() == "2026-11-12");
        Assert.Equal(24, nov12.GetProperty("capacity").GetInt64());
        Assert.True(nov12.GetProperty("max_delay_hours").ValueKind == JsonValueKind.Null || nov12.GetProperty("max_delay_hours").GetDouble() > 6,
            $"NORTH should be slow on Nov 12: {nov12}");

        // Each delay notice in force there is in the status, names the region, and says the largest delay of its hours.
        var notices = body.GetProperty("alerts").EnumerateArray().ToList();
        Assert.NotEmpty(notices);
        Assert.All(notices, n =>
        {
            Assert.Equal(("delay", "NORTH", "SF-BJ"), (n.GetProperty("level").GetString(), n.GetProperty("region").GetString(), n.GetProperty("node").GetString()));
            var (start, end) = (n.GetProperty("start").GetDateTimeOffset(), n.GetProperty("end").GetDateTimeOffset());
            var within = hours.Where(h => h.GetProperty("start").GetDateTimeOffset() >= start && h.GetProperty("start").GetDateTimeOffset() < end)
                .Select(h => h.GetProperty("delay_hours")).ToList();
            Assert.All(within, w => Assert.True(w.ValueKind == JsonValueKind.Null || w.GetDouble() >= 0));
            // The status rounds to a tenth of an hour, the notice up to whole hours.
            if (within.All(w => w.ValueKind == JsonValueKind.Number))
                Assert.InRange(n.GetProperty("delay_hours").GetInt32(), (int)Math.Ceiling(within.Max(w => w.GetDouble()) - 0.05), (int)Math.Ceiling(within.Max(w => w.GetDouble()) + 0.05));
        });

        // 304 with the ETag, until the campaign publishes again.
        Assert.Equal(HttpStatusCode.NotModified, (await GetAsync(bolt, "/v1/regions/NORTH/status?campaign=D11-2026", etag)).Status);
    }

    [Fact]
    public async Task A_regions_status_shows_each_lane_into_its_hubs_and_the_lanes_add_up_to_the_published_plan()
    {
        var cora = host.Client(await host.KeyAsync("merchant", "M-CORA"));
        var (status, etag, body) = await GetAsync(cora, "/v1/regions/NORTH/status?campaign=D11-2026");
        Assert.Equal(HttpStatusCode.OK, status);
        var hub = Assert.Single(body.GetProperty("hubs").EnumerateArray());
        var lanes = body.GetProperty("lanes").EnumerateArray().ToList();
        // Into SF-BJ: Bolt's parcels from Beijing itself, and Cora's line-haul from Shanghai.
        Assert.Equal([("SF-BJ", "SF-BJ", "SF"), ("SF-SH", "SF-BJ", "SF")],
            lanes.Select(l => (l.GetProperty("origin").GetString(), l.GetProperty("destination").GetString(), l.GetProperty("carrier").GetString())));

        // Hour by hour, the lanes carry exactly what reaches the hub, and wait as long as the hub's parcels then.
        var hubHours = hub.GetProperty("hours").EnumerateArray().ToDictionary(h => h.GetProperty("start").GetDateTimeOffset());
        var sums = new Dictionary<DateTimeOffset, long>();
        foreach (var lane in lanes)
        {
            var hourly = lane.GetProperty("hourly");
            var start = hourly.GetProperty("start").GetDateTimeOffset();
            Assert.Equal(TimeSpan.FromHours(8), start.Offset);
            var planned = hourly.GetProperty("planned").EnumerateArray().Select(p => p.GetInt64()).ToList();
            var (p50, p90) = (hourly.GetProperty("forecast_p50").EnumerateArray().ToList(), hourly.GetProperty("forecast_p90").EnumerateArray().ToList());
            var delay = hourly.GetProperty("delay_hours").EnumerateArray().ToList();
            Assert.Equal([planned.Count, planned.Count, planned.Count], new[] { p50.Count, p90.Count, delay.Count });
            Assert.True(planned.Count > 0 && planned.Sum() > 0, lane.ToString());
            for (var i = 0; i < planned.Count; i++)
            {
                var hour = start.AddHours(i);
                sums[hour] = sums.GetValueOrDefault(hour) + planned[i];
                Assert.Equal(hubHours[hour].GetProperty("delay_hours").ToString(), delay[i].ToString());
                Assert.True(p90[i].GetInt64() >= p50[i].GetInt64(), lane.ToString());
            }
            // The days sum the hours.
            Assert.Equal(planned.Sum(), lane.GetProperty("days").EnumerateArray().Sum(d => d.GetProperty("planned").GetInt64()));
        }
        foreach (var (hour, h) in hubHours)
            Assert.InRange(sums.GetValueOrDefault(hour) - h.GetProperty("planned").GetInt64(), -lanes.Count, lanes.Count);   // each rounded on its own
        Assert.True(lanes.Sum(l => l.GetProperty("days").EnumerateArray().Max(d => d.GetProperty("max_delay_hours").ValueKind == JsonValueKind.Null ? double.PositiveInfinity : d.GetProperty("max_delay_hours").GetDouble())) > 0,
            "the lanes into a hub nearly shut on Nov 12-13 should show a delay");

        // SF-SH → SF-BJ is Cora's alone (Acme ships only within EAST): it is her published windows with SF at WH-SH1,
        // each hour's parcels reaching SF-BJ after the pickup (1 h) and the line-haul (24 h). (Those the plan moves
        // to YTO while SF-SH is full reach no hub in NORTH: YTO has none there.)
        var expected = new Dictionary<DateTimeOffset, double>();
        var windows = (await Fixtures.GetJsonAsync(host.Client(host.OpsKey), "/v1/shipment-windows?campaign=D11-2026")).GetProperty("windows").EnumerateArray()
            .Where(w => w.GetProperty("merchant").GetString() == "M-CORA" && w.GetProperty("carrier").GetString() == "SF").ToList();
        Assert.NotEmpty(windows);
        Assert.All(windows, w => Assert.Equal(("WH-SH1", "SF-SH"), (w.GetProperty("warehouse").GetString(), w.GetProperty("hub").GetString())));
        foreach (var w in windows)
        {
            var (from, to) = (w.GetProperty("start").GetDateTimeOffset(), w.GetProperty("end").GetDateTimeOffset());
            var perHour = w.GetProperty("max_parcels").GetDouble() / (to - from).TotalHours;
            for (var t = from; t < to; t = t.AddHours(1)) expected[t.AddHours(25)] = expected.GetValueOrDefault(t.AddHours(25)) + perHour;
        }
        var shanghai = lanes[1].GetProperty("hourly");
        var first = shanghai.GetProperty("start").GetDateTimeOffset();
        var carried = shanghai.GetProperty("planned").EnumerateArray().Select((p, i) => (Hour: first.AddHours(i), Parcels: p.GetInt64())).ToList();
        Assert.All(carried, c => Assert.InRange(c.Parcels - expected.GetValueOrDefault(c.Hour), -0.5001, 0.5001));
        var horizonEnd = new DateTimeOffset(2026, 11, 15, 0, 0, 0, TimeSpan.FromHours(8));
        Assert.Equal(Math.Round(expected.Where(e => e.Key < horizonEnd).Sum(e => e.Value)), carried.Sum(c => c.Parcels), 0.5 * carried.Count);

        // And they are the stored run's lanes.
        await using (var conn = await host.Db.OpenConnectionAsync())
            Assert.Equal(["SF-BJ>SF-BJ", "SF-SH>SF-BJ"], await conn.QueryAsync<string>(
                "SELECT origin || '>' || destination FROM plan_lane_loads WHERE plan_run_id = @Run AND destination = 'SF-BJ' ORDER BY origin", new { host.Run }));

        // 304 with the ETag; Cora ships only to NORTH, so EAST and its lanes are a 404 to her, while Acme sees EAST's own.
        Assert.Equal(HttpStatusCode.NotModified, (await GetAsync(cora, "/v1/regions/NORTH/status?campaign=D11-2026", etag)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync(cora, "/v1/regions/EAST/status?campaign=D11-2026")).Status);
        var east = (await GetAsync(host.Client(await host.KeyAsync("merchant", "M-ACME")), "/v1/regions/EAST/status?campaign=D11-2026")).Body;
        Assert.Equal(["SF-SH>SF-SH", "YTO-SH>YTO-SH"], east.GetProperty("lanes").EnumerateArray().Select(l => $"{l.GetProperty("origin").GetString()}>{l.GetProperty("destination").GetString()}"));
    }

    [Fact]
    public async Task A_merchant_cannot_see_a_region_it_does_not_ship_to_and_bad_input_is_named()
    {
        var acme = host.Client(await host.KeyAsync("merchant", "M-ACME"));
        var bolt = host.Client(await host.KeyAsync("merchant", "M-BOLT"));
        var ownEtag = (await GetAsync(bolt, "/v1/regions/NORTH/status?campaign=D11-2026")).ETag;
        // Acme ships to EAST only: NORTH is a 404 exactly like a region that does not exist, with or without an ETag.
        var hidden = await GetAsync(acme, "/v1/regions/NORTH/status?campaign=D11-2026");
        var missing = await GetAsync(acme, "/v1/regions/WEST/status?campaign=D11-2026");
        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound), (hidden.Status, missing.Status));
        Assert.Equal("https://logistics.dev/problems/not-found", hidden.Body.GetProperty("type").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync(acme, "/v1/regions/NORTH/status?campaign=D11-2026", ownEtag)).Status);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(acme, "/v1/regions/EAST/status?campaign=D11-2026")).Status);
        // Ops see every region.
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(host.Client(host.OpsKey), "/v1/regions/NORTH/status?campaign=D11-2026")).Status);

        var noCampaign = await GetAsync(acme, "/v1/regions/EAST/status");
        Assert.Equal(HttpStatusCode.BadRequest, noCampaign.Status);
        Assert.Contains("campaign is required", noCampaign.Body.GetProperty("detail").GetString());
        var unknown = await GetAsync(acme, "/v1/regions/EAST/status?campaign=D11-2031");
        Assert.Equal(HttpStatusCode.NotFound, unknown.Status);
        Assert.Contains("no campaign 'D11-2031'", unknown.Body.GetProperty("detail").GetString());
    }
}
