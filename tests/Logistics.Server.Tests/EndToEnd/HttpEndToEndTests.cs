using System.Net;
using System.Text;
using System.Text.Json;
using Logistics.Server.Tests.Planning;
using Logistics.Server.Tests.Support;

namespace Logistics.Server.Tests.EndToEnd;

/// <summary>
/// From an empty database through HTTP only: network, capacity as two carriers, signals and
/// outcomes, a planning run, a merchant polling; then a carrier cuts a hub and the merchant's next
/// poll (with its old ETag) brings the blocked alert.
/// </summary>
public sealed class HttpEndToEndTests(TestHost host) : IClassFixture<TestHost>
{
    private static async Task<JsonElement> PostJsonAsync(HttpClient client, string path, object body)
    {
        using var response = await client.PostAsync(path, new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private async Task<long> PlanAsync(HttpClient ops, long after)
    {
        await PostJsonAsync(ops, "/v1/plan-runs", new { campaign = "D11-2026" });
        for (var i = 0; i < 600; i++)
        {
            using var response = await ops.GetAsync("/v1/plan-runs/latest?campaign=D11-2026");
            if (response.IsSuccessStatusCode)
            {
                var run = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
                if (run.GetProperty("id").GetInt64() > after && run.GetProperty("status").GetString() is "published" or "failed")
                {
                    Assert.Equal("published", run.GetProperty("status").GetString());
                    return run.GetProperty("id").GetInt64();
                }
            }
            await Task.Delay(100);
        }
        throw new TimeoutException("the planning run never finished");
    }

    private static async Task<(HttpResponseMessage Response, JsonElement Body)> PollAsync(HttpClient client, string path, string? etag = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (etag is not null) request.Headers.TryAddWithoutValidation("If-None-Match", etag);
        var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    [Fact]
    public async Task Upload_plan_poll_then_a_capacity_cut_reaches_the_merchant_as_a_blocked_alert()
    {
        var world = new SmallWorldUploads(host);
        var ops = host.Client(await host.KeyAsync("ops"));
        await Fixtures.UploadAsync(ops, "network", Fixtures.Network);
        await Fixtures.UploadAsync(ops, "campaigns", Fixtures.Campaigns + "\nD11-2025,Double 11 2025,Asia/Shanghai,2025-11-01;2025-11-11,2025-11-01,2025-11-14,72\n");
        var sf = await host.KeyAsync("carrier", "SF");
        var yto = await host.KeyAsync("carrier", "YTO");
        // Two carriers say what their hubs can sort on the sale days.
        await world.UploadAsync("capacity", Capacity("SF-SH", 400) + Capacity("SF-BJ", 400, header: false), sf);
        await world.UploadAsync("capacity", Capacity("YTO-SH", 400), yto);
        var (signals, outcomes) = SmallWorldHost.Demand();
        await world.UploadAsync("signals", signals, null);
        await world.UploadAsync("outcomes", outcomes, null);

        var first = await PlanAsync(ops, 0);

        var acme = host.Client(await host.KeyAsync("merchant", "M-ACME"));
        var windows = await Fixtures.GetJsonAsync(acme, "/v1/shipment-windows?campaign=D11-2026");
        for (var i = 0; i < 50 && windows.GetProperty("plan_run").ValueKind != JsonValueKind.Number; i++)
        {
            await Task.Delay(100);
            windows = await Fixtures.GetJsonAsync(acme, "/v1/shipment-windows?campaign=D11-2026");
        }
        Assert.Equal(first, windows.GetProperty("plan_run").GetInt64());
        var list = windows.GetProperty("windows").EnumerateArray().ToList();
        Assert.NotEmpty(list);
        // No hour asks more of a hub than it can sort (ACME is the only merchant on the Shanghai hubs).
        foreach (var w in list)
        {
            var hours = (w.GetProperty("end").GetDateTimeOffset() - w.GetProperty("start").GetDateTimeOffset()).TotalHours;
            Assert.True(w.GetProperty("max_parcels").GetInt64() <= 400 * hours + 1, $"window {w} exceeds the hub's capacity");
        }

        var (page, feed) = await PollAsync(acme, "/v1/alerts/events");
        var cursor = feed.GetProperty("cursor").GetString()!;
        var (afterFirst, _) = await PollAsync(acme, $"/v1/alerts/events?after={cursor}");
        var etag = afterFirst.Headers.ETag!.ToString();
        Assert.Equal(HttpStatusCode.NotModified, (await PollAsync(acme, $"/v1/alerts/events?after={cursor}", etag)).Response.StatusCode);

        // SF closes its Shanghai hub for the whole of Nov 12; the next run must tell ACME to hand over no more there than its windows reserve.
        var cut = new StringBuilder("node,kind,start,hours,parcels\nSF-SH,sort,2026-11-12T00:00:00+08:00,24,0\n");
        await world.UploadAsync("capacity", cut.ToString(), sf);
        var second = await PlanAsync(ops, first);
        Assert.True(second > first);

        JsonElement news = default;
        for (var i = 0; i < 100; i++)
        {
            var (response, body) = await PollAsync(acme, $"/v1/alerts/events?after={cursor}", etag);
            if (response.StatusCode == HttpStatusCode.OK && body.GetProperty("events").GetArrayLength() > 0) { news = body; break; }
            await Task.Delay(100);
        }
        Assert.Equal(JsonValueKind.Object, news.ValueKind);
        var blocked = news.GetProperty("events").EnumerateArray()
            .Select(e => e.GetProperty("alert"))
            .Where(a => a.GetProperty("node").GetString() == "SF-SH" && a.GetProperty("level").GetString() == "blocked")
            .ToList();
        Assert.NotEmpty(blocked);
        Assert.All(blocked, a => Assert.Equal(second, a.GetProperty("plan_run").GetInt64()));
        Assert.Contains("Hand over only what your windows reserve", blocked[0].GetProperty("advice").GetString());
        var avoid = blocked[0].GetProperty("avoid");
        Assert.Equal(("SF", "SF-SH"), (avoid.GetProperty("carrier").GetString(), avoid.GetProperty("node").GetString()));
        var closed = new DateTimeOffset(2026, 11, 12, 0, 0, 0, TimeSpan.FromHours(8));
        Assert.True(avoid.GetProperty("from").GetDateTimeOffset() < closed.AddDays(1) && avoid.GetProperty("to").GetDateTimeOffset() > closed, avoid.ToString());
    }

    private static string Capacity(string hub, int parcels, bool header = true) =>
        (header ? "node,kind,start,hours,parcels\n" : "") + string.Concat(Enumerable.Range(1, 14).Select(d => $"{hub},sort,2026-11-{d:00}T00:00:00+08:00,24,{parcels}\n"));
}

/// <summary>Uploads as the small world does, with any key.</summary>
internal sealed class SmallWorldUploads(TestHost host)
{
    public async Task UploadAsync(string kind, string csv, string? key)
    {
        key ??= await host.KeyAsync("ops");
        using var response = await host.Client(key).PostAsync($"/v1/{kind}/uploads", new StringContent(csv, Encoding.UTF8, "text/csv"));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{(int)response.StatusCode} {text}");
        var location = response.Headers.Location!.ToString();
        for (var i = 0; i < 600; i++)
        {
            var status = await Fixtures.GetJsonAsync(host.Client(key), location);
            var s = status.GetProperty("status").GetString();
            if (s == "accepted") return;
            Assert.True(s != "rejected", $"{kind} rejected: {status.GetProperty("errors")}");
            await Task.Delay(50);
        }
        throw new TimeoutException($"{kind} upload never finished");
    }
}
