using System.Net;
using System.Text.Json;
using Logistics.Server.Tests.Support;
using static Logistics.Server.Tests.Support.Publishing;

namespace Logistics.Server.Tests.Alerts;

public sealed class AlertFeedTests(TestHost host) : IClassFixture<TestHost>, IAsyncLifetime
{
    private string _ops = "", _acme = "", _bolt = "", _sf = "";

    public async Task InitializeAsync()
    {
        _ops = await host.KeyAsync("ops");
        await Fixtures.UploadAsync(host.Client(_ops), "network", Fixtures.Network);
        await Fixtures.UploadAsync(host.Client(_ops), "campaigns", Fixtures.Campaigns);
        _acme = await host.KeyAsync("merchant", "M-ACME");
        _bolt = await host.KeyAsync("merchant", "M-BOLT");
        _sf = await host.KeyAsync("carrier", "SF");
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private static async Task<(HttpResponseMessage Response, JsonElement Body)> GetAsync(HttpClient client, string path, string? etag = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (etag is not null) request.Headers.TryAddWithoutValidation("If-None-Match", etag);
        var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    /// <summary>Polls until the in-memory feed state has caught up with a publication (NOTIFY or the fallback poll).</summary>
    private static string[] Nodes(JsonElement page) =>
        page.GetProperty("events").EnumerateArray().Select(e => $"{e.GetProperty("kind").GetString()}:{e.GetProperty("alert").GetProperty("node").GetString()}").ToArray();

    [Fact]
    public async Task A_merchant_reads_its_feed_gets_304_until_something_changes_and_then_only_what_is_new()
    {
        await PublishAsync(host.ConnectionString, "D11-2026",
            [Window("M-ACME", "WH-SH1", "SF", "SF-SH", 3, 120), Window("M-BOLT", "WH-BJ1", "SF", "SF-BJ", 5, 80)],
            [Alert("hub:SF-SH", "blocked", "SF-SH", 900, 600, false, "M-ACME"),
             Alert("hub:SF-BJ", "warning", "SF-BJ", 540, 600, false, "M-BOLT"),
             Alert("hub:YTO-SH", "blocked", "YTO-SH", 2000, 0, true)]);

        var acme = host.Client(_acme);
        var first = await Fixtures.PollUntilAsync(acme, "/v1/alerts/events", p => p.GetProperty("events").GetArrayLength() == 2);
        Assert.Equal(["created:SF-SH", "created:YTO-SH"], Nodes(first));   // never BOLT's SF-BJ alert
        var alert = first.GetProperty("events")[0].GetProperty("alert");
        foreach (var field in new[] { "id", "level", "carrier", "node", "node_kind", "start", "end", "forecast_parcels", "capacity_parcels", "utilization", "reason", "advice", "first_published", "version", "plan_run" })
            Assert.True(alert.TryGetProperty(field, out _), $"alert lacks {field}");
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$", alert.GetProperty("start").GetString());

        var cursor = first.GetProperty("cursor").GetString()!;
        var (again, _) = await GetAsync(acme, $"/v1/alerts/events?after={cursor}");
        var etag = again.Headers.ETag!.ToString();
        var (notModified, _) = await GetAsync(acme, $"/v1/alerts/events?after={cursor}", etag);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.True(notModified.Headers.Contains("X-Poll-Interval"));

        // A publication that concerns only BOLT changes nothing ACME can see, its ETag included.
        await PublishAsync(host.ConnectionString, "D11-2026",
            [Window("M-ACME", "WH-SH1", "SF", "SF-SH", 3, 120)],
            [Alert("hub:SF-SH", "blocked", "SF-SH", 900, 600, false, "M-ACME"),
             Alert("hub:SF-BJ", "blocked", "SF-BJ", 700, 600, false, "M-BOLT"),
             Alert("hub:YTO-SH", "blocked", "YTO-SH", 2000, 0, true)]);
        await Fixtures.PollUntilAsync(host.Client(_bolt), "/v1/alerts/events", p => Nodes(p).Contains("updated:SF-BJ"));
        var (stillSame, _) = await GetAsync(acme, $"/v1/alerts/events?after={cursor}", etag);
        Assert.Equal(HttpStatusCode.NotModified, stillSame.StatusCode);

        // ACME's alert clears: the old ETag no longer matches and the page holds just that event.
        await PublishAsync(host.ConnectionString, "D11-2026", [],
            [Alert("hub:SF-BJ", "blocked", "SF-BJ", 700, 600, false, "M-BOLT"), Alert("hub:YTO-SH", "blocked", "YTO-SH", 2000, 0, true)]);
        var next = await Fixtures.PollUntilAsync(acme, $"/v1/alerts/events?after={cursor}", p => p.GetProperty("events").GetArrayLength() > 0);
        Assert.Equal(["cleared:SF-SH"], Nodes(next));
        Assert.Equal(2, next.GetProperty("events")[0].GetProperty("version").GetInt32());

        var list = await Fixtures.GetJsonAsync(acme, "/v1/alerts");
        Assert.Equal(["YTO-SH"], list.GetProperty("alerts").EnumerateArray().Select(a => a.GetProperty("node").GetString()!).ToArray());
    }

    [Fact]
    public async Task An_alert_merged_into_a_longer_one_is_cleared_naming_it_and_a_withdrawn_one_names_none()
    {
        await PublishAsync(host.ConnectionString, "D11-2026", [],
            [Alert("merge:a", "blocked", "MERGE-A", 900, 600, false, "M-BOLT"), Alert("merge:b", "blocked", "MERGE-B", 900, 600, false, "M-BOLT"),
             Alert("merge:c", "blocked", "GONE-C", 900, 600, false, "M-BOLT")]);
        var bolt = host.Client(_bolt);
        var created = await Fixtures.PollUntilAsync(bolt, "/v1/alerts/events?limit=1000", p => Nodes(p).Contains("created:GONE-C"));
        var idOfA = created.GetProperty("events").EnumerateArray().Last(e => e.GetProperty("alert").GetProperty("node").GetString() == "MERGE-A")
            .GetProperty("alert").GetProperty("id").GetInt64();
        var cursor = created.GetProperty("cursor").GetString()!;

        // The next run's stretch at A now covers B's hours too (the engine says so); C's load is gone.
        await PublishAsync(host.ConnectionString, "D11-2026", [], [Alert("merge:a", "blocked", "MERGE-A", 950, 600, false, "M-BOLT")],
            new Dictionary<string, string> { ["merge:b"] = "merge:a" });
        var next = await Fixtures.PollUntilAsync(bolt, $"/v1/alerts/events?after={cursor}", p => Nodes(p).Contains("cleared:GONE-C"));
        Assert.Equal(["cleared:GONE-C", "cleared:MERGE-B", "updated:MERGE-A"], Nodes(next).Order(StringComparer.Ordinal).ToArray());
        JsonElement Of(string node) => next.GetProperty("events").EnumerateArray().Single(e => e.GetProperty("alert").GetProperty("node").GetString() == node).GetProperty("alert");
        Assert.Equal(idOfA, Of("MERGE-B").GetProperty("merged_into").GetInt64());
        Assert.Equal(JsonValueKind.Null, Of("GONE-C").GetProperty("merged_into").ValueKind);
        Assert.Equal(JsonValueKind.Null, Of("MERGE-A").GetProperty("merged_into").ValueKind);
    }

    [Fact]
    public async Task Paging_follows_the_link_header_oldest_first()
    {
        await PublishAsync(host.ConnectionString, "D11-2026", [],
            Enumerable.Range(1, 5).Select(i => Alert($"page:{i}", "watch", $"PAGE-{i}", 460, 600, false, "M-BOLT")).ToList());
        var bolt = host.Client(_bolt);
        var all = await Fixtures.PollUntilAsync(bolt, "/v1/alerts/events?limit=1000", p => Nodes(p).Contains("created:PAGE-5"));

        var seen = new List<string>();
        var path = "/v1/alerts/events?limit=2";
        while (true)
        {
            var (response, body) = await GetAsync(bolt, path);
            seen.AddRange(Nodes(body));
            if (!response.Headers.TryGetValues("Link", out var links)) { Assert.False(body.GetProperty("more").GetBoolean()); break; }
            Assert.True(body.GetProperty("more").GetBoolean());
            var link = links.Single();
            Assert.EndsWith("; rel=\"next\"", link);
            path = link[1..link.IndexOf('>')];
        }
        Assert.Equal(Nodes(all), seen);
    }

    [Theory]
    [InlineData("after=1;DROP TABLE alert_events")]
    [InlineData("after=999999999-AAAAAAAAAAAAAAAA")]
    [InlineData("after=-1")]
    [InlineData("after=%E2%9C%93")]
    [InlineData("limit=0")]
    [InlineData("limit=1001")]
    [InlineData("limit=99999999999999999999")]
    [InlineData("limit=ten")]
    public async Task Bad_cursors_and_limits_are_400_problems_never_500(string query)
    {
        var (response, body) = await GetAsync(host.Client(_acme), $"/v1/alerts/events?{query}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("https://logistics.dev/problems/", body.GetProperty("type").GetString());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("detail").GetString()));
    }

    [Fact]
    public async Task A_cursor_from_another_merchants_feed_is_refused()
    {
        await PublishAsync(host.ConnectionString, "D11-2026", [], [Alert("other:1", "watch", "OTHER-1", 460, 600, false, "M-BOLT")]);
        var bolt = await Fixtures.PollUntilAsync(host.Client(_bolt), "/v1/alerts/events", p => p.GetProperty("events").GetArrayLength() > 0);
        var boltCursor = bolt.GetProperty("cursor").GetString()!;

        var (response, body) = await GetAsync(host.Client(_acme), $"/v1/alerts/events?after={Uri.EscapeDataString(boltCursor)}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("https://logistics.dev/problems/invalid-cursor", body.GetProperty("type").GetString());
        Assert.Contains("not issued for your feed", body.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Windows_are_the_callers_own_with_filters_and_etags()
    {
        await PublishAsync(host.ConnectionString, "D11-2026",
            [Window("M-ACME", "WH-SH1", "SF", "SF-SH", 3, 120), Window("M-ACME", "WH-SH1", "YTO", "YTO-SH", 4, 60), Window("M-BOLT", "WH-BJ1", "SF", "SF-BJ", 5, 80)], []);
        var acme = host.Client(_acme);
        var page = await Fixtures.PollUntilAsync(acme, "/v1/shipment-windows?campaign=D11-2026", p => p.GetProperty("windows").GetArrayLength() == 2);
        Assert.All(page.GetProperty("windows").EnumerateArray(), w => Assert.Equal("M-ACME", w.GetProperty("merchant").GetString()));
        Assert.Equal(page.GetProperty("plan_run").GetInt64(), page.GetProperty("windows")[0].GetProperty("plan_run").GetInt64());

        var yto = await Fixtures.GetJsonAsync(acme, "/v1/shipment-windows?campaign=D11-2026&carrier=YTO");
        Assert.Equal(60, yto.GetProperty("windows").EnumerateArray().Single().GetProperty("max_parcels").GetInt32());

        var (first, _) = await GetAsync(acme, "/v1/shipment-windows?campaign=D11-2026");
        var (second, _) = await GetAsync(acme, "/v1/shipment-windows?campaign=D11-2026", first.Headers.ETag!.ToString());
        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
        // Another tenant's ETag for the same URL is different: it says nothing about ACME's data.
        var (bolt, _) = await GetAsync(host.Client(_bolt), "/v1/shipment-windows?campaign=D11-2026");
        Assert.NotEqual(first.Headers.ETag!.ToString(), bolt.Headers.ETag!.ToString());

        var (other, _) = await GetAsync(acme, "/v1/shipment-windows?campaign=D11-2026&merchant=M-BOLT");
        Assert.Equal(HttpStatusCode.BadRequest, other.StatusCode);
        var (carrier, _) = await GetAsync(host.Client(_sf), "/v1/shipment-windows?campaign=D11-2026");
        Assert.Equal(HttpStatusCode.Forbidden, carrier.StatusCode);
        var (missing, _) = await GetAsync(acme, "/v1/shipment-windows?campaign=NOPE");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        var everyone = await Fixtures.GetJsonAsync(host.Client(_ops), "/v1/shipment-windows?campaign=D11-2026");
        Assert.Equal(3, everyone.GetProperty("windows").GetArrayLength());
    }

    [Fact]
    public async Task The_latest_plan_run_is_for_ops_only()
    {
        var (run, _) = await PublishAsync(host.ConnectionString, "D11-2026", [], []);
        var latest = await Fixtures.GetJsonAsync(host.Client(_ops), "/v1/plan-runs/latest?campaign=D11-2026");
        Assert.True(latest.GetProperty("id").GetInt64() >= run);
        Assert.Equal("published", latest.GetProperty("status").GetString());
        var (merchant, _) = await GetAsync(host.Client(_acme), "/v1/plan-runs/latest");
        Assert.Equal(HttpStatusCode.Forbidden, merchant.StatusCode);
    }
}
