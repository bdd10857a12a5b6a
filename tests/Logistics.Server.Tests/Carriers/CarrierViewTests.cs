using System.Net;
using System.Text;
using System.Text.Json;
using Logistics.Server.Tests.Regions;
using Logistics.Server.Tests.Support;

namespace Logistics.Server.Tests.Carriers;

/// <summary>The carrier's own view (load per node and hour) and its capacity file round trip, over real HTTP.</summary>
public sealed class CarrierViewTests(RegionWorldHost host) : IClassFixture<RegionWorldHost>
{
    private static async Task<(HttpStatusCode Status, string? ETag, string Text)> GetAsync(HttpClient client, string path, string? etag = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (etag is not null) request.Headers.TryAddWithoutValidation("If-None-Match", etag);
        using var response = await client.SendAsync(request);
        return (response.StatusCode, response.Headers.ETag?.Tag, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_carrier_sees_what_is_coming_at_its_own_nodes_and_nothing_of_anothers()
    {
        var sf = host.Client(await host.KeyAsync("carrier", "SF"));
        var yto = host.Client(await host.KeyAsync("carrier", "YTO"));
        var path = "/v1/carriers/me/load?campaign=D11-2026&from=2026-11-10T16:00:00Z&to=2026-11-12T16:00:00Z";
        var (status, etag, text) = await GetAsync(sf, path);
        Assert.True(status == HttpStatusCode.OK, text);
        var body = JsonDocument.Parse(text).RootElement;
        Assert.Equal(("SF", host.Run), (body.GetProperty("carrier").GetString(), body.GetProperty("plan_run").GetInt64()));
        var nodes = body.GetProperty("nodes").EnumerateArray().ToList();
        var keys = nodes.Select(n => $"{n.GetProperty("node_kind").GetString()} {n.GetProperty("node").GetString()}").ToList();
        // SF picks up at both warehouses and sorts at its two hubs, as origin and as receiving hub.
        Assert.Contains("pickup WH-SH1", keys);
        Assert.Contains("pickup WH-BJ1", keys);
        Assert.Contains("origin_hub SF-SH", keys);
        Assert.Contains("destination_hub SF-BJ", keys);
        Assert.All(nodes, n => Assert.Equal("SF", n.GetProperty("carrier").GetString()));
        Assert.DoesNotContain(keys, k => k.Contains("YTO", StringComparison.Ordinal));
        // Two days, in hours: the capacity SF gave for SF-SH on 11.11 (50 an hour) is there, and the plan keeps under it.
        var origin = nodes.Single(n => n.GetProperty("node_kind").GetString() == "origin_hub" && n.GetProperty("node").GetString() == "SF-SH");
        var hours = origin.GetProperty("hours").EnumerateArray().ToList();
        Assert.Equal(48, hours.Count);
        Assert.Equal(DateTimeOffset.Parse("2026-11-11T00:00:00+08:00", System.Globalization.CultureInfo.InvariantCulture), hours[0].GetProperty("start").GetDateTimeOffset());
        Assert.All(hours.Take(24), h => Assert.Equal(50, h.GetProperty("capacity").GetInt64()));
        Assert.All(hours.Take(24), h => Assert.True(h.GetProperty("planned").GetInt64() <= 50, h.ToString()));
        Assert.Contains(hours, h => h.GetProperty("forecast_p50").GetInt64() > 50);   // as merchants would ship, it would not fit
        // The alerts in force on SF's nodes in the range, and none of ops' watch level.
        var alerts = body.GetProperty("alerts").EnumerateArray().ToList();
        Assert.Contains(alerts, a => a.GetProperty("node").GetString() == "SF-SH");
        Assert.All(alerts, a => Assert.Equal("SF", a.GetProperty("carrier").GetString()));
        Assert.DoesNotContain(alerts, a => a.GetProperty("level").GetString() == "watch");

        // YTO sees its own hub and never SF's.
        var ytoBody = JsonDocument.Parse((await GetAsync(yto, path)).Text).RootElement;
        var ytoNodes = ytoBody.GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("node").GetString()).ToList();
        Assert.Contains("YTO-SH", ytoNodes);
        Assert.DoesNotContain("SF-SH", ytoNodes);
        Assert.DoesNotContain("SF-BJ", ytoNodes);
        Assert.All(ytoBody.GetProperty("alerts").EnumerateArray(), a => Assert.Equal("YTO", a.GetProperty("carrier").GetString()));
        // A carrier key cannot name another carrier; ops must name one.
        var (asOther, _, otherText) = await GetAsync(yto, path + "&carrier=SF");
        Assert.Equal(HttpStatusCode.BadRequest, asOther);
        Assert.Contains("carrier= is for ops keys", otherText);
        var ops = host.Client(host.OpsKey);
        Assert.Equal(HttpStatusCode.BadRequest, (await GetAsync(ops, path)).Status);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(ops, path + "&carrier=SF")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync(ops, path + "&carrier=NOPE")).Status);
        // Merchants have no carrier view.
        Assert.Equal(HttpStatusCode.Forbidden, (await GetAsync(host.Client(await host.KeyAsync("merchant", "M-ACME")), path)).Status);

        // 304 with the ETag; another range is another answer.
        Assert.Equal(HttpStatusCode.NotModified, (await GetAsync(sf, path, etag)).Status);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(sf, "/v1/carriers/me/load?campaign=D11-2026", etag)).Status);
        var (bad, _, badText) = await GetAsync(sf, "/v1/carriers/me/load?campaign=D11-2026&from=2026-11-11");
        Assert.Equal(HttpStatusCode.BadRequest, bad);
        Assert.Contains("from '2026-11-11' is not an RFC 3339 time with an offset", badText);
    }

    [Fact]
    public async Task A_carrier_downloads_its_capacity_edits_it_and_uploads_it_again()
    {
        var sfKey = await host.KeyAsync("carrier", "SF");
        var sf = host.Client(sfKey);
        const string range = "from=2026-11-10T16:00:00Z&to=2026-11-11T16:00:00Z";
        var (status, _, csv) = await GetAsync(sf, $"/v1/capacity/export?{range}");
        Assert.True(status == HttpStatusCode.OK, csv);
        // The 11.11 figure SF gave for SF-SH (50 an hour, local day = 16:00Z to 16:00Z) comes back as one 24-hour line.
        Assert.Equal("node,kind,start,hours,parcels\nSF-SH,sort,2026-11-10T16:00:00Z,24,50\n", csv);
        // YTO's file never holds SF's hubs.
        Assert.DoesNotContain("SF-", (await GetAsync(host.Client(await host.KeyAsync("carrier", "YTO")), $"/v1/capacity/export?{range}")).Text);

        // Edit: the first six hours to 80, and upload the file again as it is.
        var edited = csv.Replace("SF-SH,sort,2026-11-10T16:00:00Z,24,50", "SF-SH,sort,2026-11-10T16:00:00Z,6,80\nSF-SH,sort,2026-11-10T22:00:00Z,18,50", StringComparison.Ordinal);
        await host.UploadAndWaitAsync("capacity", edited, sfKey);
        var (_, _, after) = await GetAsync(sf, $"/v1/capacity/export?{range}");
        Assert.Equal(edited, after);

        // The template lists what SF may give, a line per day to fill in; uploaded unfilled it is rejected naming the parcels.
        var (_, _, template) = await GetAsync(sf, $"/v1/capacity/template?{range}");
        var lines = template.TrimEnd('\n').Split('\n');
        Assert.Equal("node,kind,start,hours,parcels", lines[0]);
        Assert.Equal(["SF-BJ,sort,2026-11-10T16:00:00Z,24,", "SF-SH,sort,2026-11-10T16:00:00Z,24,", "WH-BJ1,pickup,2026-11-10T16:00:00Z,24,", "WH-SH1,pickup,2026-11-10T16:00:00Z,24,"], lines.Skip(1));
        using var rejected = await sf.PostAsync("/v1/capacity/uploads", new StringContent(template, Encoding.UTF8, "text/csv"));
        var upload = JsonDocument.Parse(await rejected.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("rejected", upload.GetProperty("status").GetString());
        Assert.Equal(4, upload.GetProperty("error_count").GetInt32());
        Assert.All(upload.GetProperty("errors").EnumerateArray(), e => Assert.Equal("parcels", e.GetProperty("column").GetString()));
        // Filled in, it loads.
        await host.UploadAndWaitAsync("capacity", template.Replace(",\n", ",700\n", StringComparison.Ordinal), sfKey);

        // Ops get the warehouses' outbound (none given here) or, naming it, a carrier's file; bad ranges are named.
        var ops = host.Client(host.OpsKey);
        Assert.Equal("node,kind,start,hours,parcels\n", (await GetAsync(ops, $"/v1/capacity/export?{range}")).Text);
        Assert.Contains("SF-SH,sort,2026-11-10T16:00:00Z,24,700", (await GetAsync(ops, $"/v1/capacity/export?{range}&carrier=SF")).Text);
        var (bad, _, badText) = await GetAsync(sf, "/v1/capacity/export?from=2026-11-10T16:00:00Z&to=2026-11-10T16:00:00Z");
        Assert.Equal(HttpStatusCode.BadRequest, bad);
        Assert.Contains("to must be after from", badText);
    }
}
