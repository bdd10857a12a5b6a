using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Logistics.Server.Tests.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using static Logistics.Server.Tests.Support.Publishing;

namespace Logistics.Server.Tests.Api;

/// <summary>
/// What integrators expect of every route: problems (with our type and a trace id) for 400, 401,
/// 404, 405 and 415, weak If-None-Match, private caching, unknown parameters named, and the
/// feed's paging on the alert list and the windows.
/// </summary>
public sealed class HttpConventionTests(TestHost host) : IClassFixture<TestHost>, IAsyncLifetime
{
    private string _ops = "", _acme = "";

    public async Task InitializeAsync()
    {
        _ops = await host.KeyAsync("ops");
        await Fixtures.UploadAsync(host.Client(_ops), "network", Fixtures.Network);
        await Fixtures.UploadAsync(host.Client(_ops), "campaigns", Fixtures.Campaigns);
        _acme = await host.KeyAsync("merchant", "M-ACME");
    }

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>Asserts an RFC 9457 problem of ours and returns it.</summary>
    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status, string what)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{what}: {(int)response.StatusCode} {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(text).RootElement.Clone();
        var type = problem.GetProperty("type").GetString()!;
        Assert.Contains(Problems.All, k => k.Type == type && k.Status == (int)status);
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("trace_id").GetString()), $"{what}: no trace_id");
        Assert.False(problem.TryGetProperty("traceId", out _));
        return problem;
    }

    /// <summary>Every /v1 route and method the host maps, with its path parameters filled in.</summary>
    private List<(string Method, string Path)> Routes() =>
        [.. host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText!.TrimStart('/').StartsWith("v1/", StringComparison.Ordinal))
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []).Select(m => (m,
                "/" + System.Text.RegularExpressions.Regex.Replace(e.RoutePattern.RawText!.TrimStart('/'), @"\{(\w+)(:(\w+))?\}",
                    x => x.Groups[3].Value switch { "guid" => "01935b2c-7d1e-7c3a-9f1e-2b8d4c6a1e07", "long" => "1", _ => "M-ACME" }))))];

    [Fact]
    public async Task Every_route_answers_401_405_and_an_unknown_parameter_with_problems()
    {
        var routes = Routes();
        Assert.True(routes.Count >= 25, $"only {routes.Count} routes");
        var anonymous = host.Client();
        var ops = host.Client(_ops);
        foreach (var (method, path) in routes)
        {
            using (var response = await anonymous.SendAsync(new HttpRequestMessage(new HttpMethod(method), path)))
            {
                await ProblemAsync(response, HttpStatusCode.Unauthorized, $"{method} {path} without a key");
                Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
            }
            using (var response = await ops.SendAsync(new HttpRequestMessage(new HttpMethod(method), path + "?no_such_parameter=1")))
            {
                var problem = await ProblemAsync(response, HttpStatusCode.BadRequest, $"{method} {path}?no_such_parameter=1");
                Assert.Contains("'no_such_parameter'", problem.GetProperty("detail").GetString());
            }
            if (!routes.Contains(("PATCH", path)))
                using (var response = await ops.SendAsync(new HttpRequestMessage(HttpMethod.Patch, path)))
                {
                    await ProblemAsync(response, HttpStatusCode.MethodNotAllowed, $"PATCH {path}");
                    Assert.NotEmpty(response.Content.Headers.Allow);
                }
        }
    }

    [Fact]
    public async Task Unknown_routes_and_media_types_are_problems_and_a_bad_key_is_told_so()
    {
        var ops = host.Client(_ops);
        foreach (var path in new[] { "/nope", "/v1/nope", "/v1/alerts/nope/deeper" })
            using (var response = await ops.GetAsync(path))
                await ProblemAsync(response, HttpStatusCode.NotFound, path);

        using (var response = await ops.PostAsync("/v1/plan-runs", new StringContent("{\"campaign\":\"D11-2026\"}", Encoding.UTF8, "text/plain")))
            await ProblemAsync(response, HttpStatusCode.UnsupportedMediaType, "plan-runs as text/plain");
        using (var response = await ops.PostAsync("/v1/capacity/uploads", new StringContent("node,kind,start,hours,parcels\n", Encoding.UTF8, "text/plain")))
            await ProblemAsync(response, HttpStatusCode.UnsupportedMediaType, "capacity as text/plain");
        using (var response = await ops.PostAsync("/v1/plan-runs", new StringContent("{not json", Encoding.UTF8, "application/json")))
            await ProblemAsync(response, HttpStatusCode.BadRequest, "plan-runs with broken JSON");

        using var badKey = await host.Client("not-a-key").GetAsync("/v1/me");
        await ProblemAsync(badKey, HttpStatusCode.Unauthorized, "an unknown key");
        Assert.Contains("invalid_token", badKey.Headers.WwwAuthenticate.Single().Parameter);
    }

    [Fact]
    public async Task V1_answers_are_private_to_the_key_and_a_weak_if_none_match_gets_304()
    {
        await PublishAsync(host.ConnectionString, "D11-2026", [Window("M-ACME", "WH-SH1", "SF", "SF-SH", 3, 120)],
            [Alert("hub:SF-SH", "blocked", "SF-SH", 900, 600, false, "M-ACME")]);
        var acme = host.Client(_acme);
        // The ETags name the feed state, which catches up with the publication by NOTIFY: wait for it.
        for (var i = 0; i < 100 && (await Fixtures.GetJsonAsync(acme, "/v1/alerts/events")).GetProperty("events").GetArrayLength() == 0; i++)
            await Task.Delay(100);
        foreach (var path in new[] { "/v1/alerts", "/v1/alerts/events", "/v1/shipment-windows?campaign=D11-2026", "/v1/regions" })
        {
            using var first = await acme.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
            Assert.True(first.Headers.CacheControl?.Private, $"{path}: Cache-Control {first.Headers.CacheControl}");
            Assert.Contains("Authorization", first.Headers.Vary);
            var etag = first.Headers.ETag!;
            Assert.False(etag.IsWeak);
            foreach (var tag in new[] { etag.ToString(), $"W/{etag.Tag}", $"\"other\", W/{etag.Tag}" })
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, path);
                request.Headers.TryAddWithoutValidation("If-None-Match", tag);
                using var again = await acme.SendAsync(request);
                Assert.True(again.StatusCode == HttpStatusCode.NotModified, $"{path} with If-None-Match {tag}: {(int)again.StatusCode}");
            }
            using var stale = new HttpRequestMessage(HttpMethod.Get, path);
            stale.Headers.TryAddWithoutValidation("If-None-Match", "W/\"something-else\"");
            Assert.Equal(HttpStatusCode.OK, (await acme.SendAsync(stale)).StatusCode);
        }
    }

    [Fact]
    public async Task Unknown_filters_and_campaigns_are_400s_naming_the_parameter_and_never_echo_a_huge_value()
    {
        var ops = host.Client(_ops);
        var level = await ProblemAsync(await ops.GetAsync("/v1/alerts?level=blocked"), HttpStatusCode.BadRequest, "level=");
        Assert.Contains("'level'", level.GetProperty("detail").GetString());
        Assert.Contains("campaign", level.GetProperty("detail").GetString());   // what it does take
        foreach (var path in new[] { "/v1/alerts?campaign=NOPE", "/v1/regions?campaign=NOPE" })
        {
            var problem = await ProblemAsync(await ops.GetAsync(path), HttpStatusCode.BadRequest, path);
            Assert.StartsWith("campaign: no campaign 'NOPE'", problem.GetProperty("detail").GetString());
        }
        // As long a code as a request line takes (Kestrel answers 414 beyond 8 KiB); a body's 1 MB code is HostileInputTests'.
        var huge = new string('C', 7000);
        var cut = await ProblemAsync(await ops.GetAsync("/v1/alerts?campaign=" + huge), HttpStatusCode.BadRequest, "a 7,000-character campaign");
        Assert.Contains("(7000 characters)", cut.GetProperty("detail").GetString());
        Assert.True(cut.GetProperty("detail").GetString()!.Length < 400);
        var limit = await ProblemAsync(await ops.GetAsync("/v1/shipment-windows?campaign=D11-2026&limit=0"), HttpStatusCode.BadRequest, "limit=0");
        Assert.Contains("limit", limit.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task The_alert_list_and_the_windows_page_like_the_feed()
    {
        var (run, _) = await PublishAsync(host.ConnectionString, "D11-2026",
            [.. Enumerable.Range(0, 5).Select(h => Window("M-ACME", "WH-SH1", "SF", "SF-SH", h * 2, 100 + h))],
            [Alert("hub:SF-SH", "blocked", "SF-SH", 900, 600, false, "M-ACME"),
             Alert("hub:YTO-SH", "warning", "YTO-SH", 560, 600, false, "M-ACME"),
             Alert("hub:SF-BJ", "blocked", "SF-BJ", 2000, 0, true)]);
        var acme = host.Client(_acme);
        var windows = await Fixtures.PollUntilAsync(acme, "/v1/shipment-windows?campaign=D11-2026", p => p.GetProperty("plan_run").GetInt64() == run);

        var whole = await Fixtures.GetJsonAsync(acme, "/v1/alerts");
        Assert.False(whole.GetProperty("more").GetBoolean());
        Assert.Equal(3, whole.GetProperty("alerts").GetArrayLength());
        Assert.Equal(Ids(whole, "alerts", "id"), await WalkAsync(acme, "/v1/alerts?limit=2", "alerts", "id", [2, 1]));

        Assert.Equal(5, windows.GetProperty("windows").GetArrayLength());
        Assert.Equal(Ids(windows, "windows", "start"), await WalkAsync(acme, "/v1/shipment-windows?campaign=D11-2026&limit=2", "windows", "start", [2, 2, 1]));

        // A cursor belongs to its list: the windows' cursor is refused by the alert list.
        using var first = await acme.GetAsync("/v1/shipment-windows?campaign=D11-2026&limit=2");
        var cursor = JsonDocument.Parse(await first.Content.ReadAsStringAsync()).RootElement.GetProperty("cursor").GetString()!;
        await ProblemAsync(await acme.GetAsync("/v1/alerts?after=" + Uri.EscapeDataString(cursor)), HttpStatusCode.BadRequest, "a windows cursor on the alert list");
    }

    [Fact]
    public async Task Without_limit_or_after_the_windows_answer_whole_as_v1_did_before_it_paged()
    {
        // More windows than a page of the feed holds: a client written before paging still gets them all.
        var (run, _) = await PublishAsync(host.ConnectionString, "D11-2026",
            [.. Enumerable.Range(0, 150).Select(h => Window("M-ACME", "WH-SH1", "SF", "SF-SH", h, 10 + h))], []);
        var acme = host.Client(_acme);
        await Fixtures.PollUntilAsync(acme, "/v1/shipment-windows?campaign=D11-2026", p => p.GetProperty("plan_run").GetInt64() == run);

        using var response = await acme.GetAsync("/v1/shipment-windows?campaign=D11-2026");
        var whole = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(150, whole.GetProperty("windows").GetArrayLength());
        Assert.False(whole.GetProperty("more").GetBoolean());
        Assert.False(response.Headers.Contains("Link"));
        // Asking for pages still pages.
        Assert.Equal(Ids(whole, "windows", "start"), await WalkAsync(acme, "/v1/shipment-windows?campaign=D11-2026&limit=100", "windows", "start", [100, 50]));
    }

    private static List<string> Ids(JsonElement page, string items, string key) =>
        [.. page.GetProperty(items).EnumerateArray().Select(e => e.GetProperty(key).ToString())];

    /// <summary>Follows `Link: rel="next"` from the first page, checking each page's size and `more`.</summary>
    private static async Task<List<string>> WalkAsync(HttpClient client, string path, string items, string key, int[] sizes)
    {
        var seen = new List<string>();
        var next = path;
        for (var i = 0; i < sizes.Length; i++)
        {
            using var response = await client.GetAsync(next);
            var page = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal(sizes[i], page.GetProperty(items).GetArrayLength());
            seen.AddRange(Ids(page, items, key));
            var last = i == sizes.Length - 1;
            Assert.Equal(!last, page.GetProperty("more").GetBoolean());
            Assert.Equal(!last, response.Headers.TryGetValues("Link", out var links));
            if (last) break;
            var link = links!.Single();
            Assert.EndsWith("; rel=\"next\"", link);
            next = link[1..link.IndexOf('>')];
            Assert.Contains("after=", next);
        }
        return seen;
    }
}
