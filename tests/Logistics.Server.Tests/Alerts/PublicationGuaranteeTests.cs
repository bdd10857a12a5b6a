using System.Net;
using System.Text.Json;
using Dapper;
using Logistics.Server.Publication;
using Logistics.Server.Tests.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using static Logistics.Server.Tests.Support.Publishing;

namespace Logistics.Server.Tests.Alerts;

public sealed class PublicationGuaranteeTests(TestHost host) : IClassFixture<TestHost>, IAsyncLifetime
{
    private string _ops = "";

    public async Task InitializeAsync()
    {
        _ops = await host.KeyAsync("ops");
        await Fixtures.UploadAsync(host.Client(_ops), "network", Fixtures.Network);
        var campaigns = await Fixtures.UploadAsync(host.Client(_ops), "campaigns", Fixtures.Campaigns + "\nD12-2026,Double 12 2026,Asia/Shanghai,2026-12-12,2026-12-10,2026-12-14,72\n");
        Assert.Equal("accepted", campaigns.GetProperty("status").GetString());
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Two_campaigns_publishing_at_once_never_let_a_poller_skip_an_event()
    {
        var publishes = Enumerable.Range(1, 24).Select(i => (Campaign: i % 2 == 0 ? "D11-2026" : "D12-2026", Round: i)).ToList();
        var seen = new List<long>();
        using var stop = new CancellationTokenSource();
        var ops = host.Client(_ops);

        // The poller reads the ops feed as fast as it can while the publishers race.
        var poller = Task.Run(async () =>
        {
            var cursor = "";
            while (true)
            {
                var page = await Fixtures.GetJsonAsync(ops, $"/v1/alerts/events?limit=1000{(cursor.Length > 0 ? $"&after={cursor}" : "")}");
                foreach (var e in page.GetProperty("events").EnumerateArray())
                    seen.Add(long.Parse(e.GetProperty("cursor").GetString()!.Split('-')[0], System.Globalization.CultureInfo.InvariantCulture));
                cursor = page.GetProperty("cursor").GetString()!;
                if (stop.IsCancellationRequested && page.GetProperty("events").GetArrayLength() == 0) return;
                await Task.Delay(5);
            }
        });
        await Parallel.ForEachAsync(publishes, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (p, _) =>
        {
            // Each round changes the campaign's one alert: one event per publication.
            await PublishAsync(host.ConnectionString, p.Campaign, [], [Alert($"race:{p.Campaign}", "watch", "SF-SH", 450 + p.Round, 600, true)]);
        });
        await Task.Delay(3500);   // longer than the fallback poll, in case a NOTIFY was missed
        stop.Cancel();
        await poller;

        // Every position from 1 up, each once, in order (other tests of this class may add their own events).
        Assert.True(seen.Count >= publishes.Count, $"saw {seen.Count} events");
        Assert.Equal(Enumerable.Range(1, seen.Count).Select(i => (long)i), seen);
    }

    [Fact]
    public async Task A_publication_killed_midway_leaves_the_previous_one_whole()
    {
        var (before, _) = await PublishAsync(host.ConnectionString, "D11-2026",
            [Window("M-ACME", "WH-SH1", "SF", "SF-SH", 1, 10)], [Alert("atomic:1", "warning", "SF-SH", 560, 600, true)]);
        await using var conn = new NpgsqlConnection(host.ConnectionString);
        await conn.OpenAsync();
        var run = await conn.ExecuteScalarAsync<long>("INSERT INTO plan_runs (campaign_id, status) SELECT id, 'running' FROM campaigns WHERE code = 'D11-2026' RETURNING id");
        var tx = await conn.BeginTransactionAsync();
        await Publisher.PublishAsync(conn, tx, new Publication.Publication("D11-2026", run,
            [Window("M-ACME", "WH-SH1", "SF", "SF-SH", 7, 999)], [Alert("atomic:1", "blocked", "SF-SH", 900, 600, true)]), DateTimeOffset.UtcNow, CancellationToken.None);

        // Everything is written but not committed; the publishing backend now dies.
        await using (var killer = new NpgsqlConnection(host.ConnectionString))
            await killer.ExecuteAsync("SELECT pg_terminate_backend(@pid)", new { pid = conn.ProcessID });
        await Assert.ThrowsAnyAsync<Exception>(() => tx.CommitAsync());

        var acme = await host.KeyAsync("merchant", "M-ACME");
        var windows = await Fixtures.GetJsonAsync(host.Client(acme), "/v1/shipment-windows?campaign=D11-2026");
        Assert.Equal(before, windows.GetProperty("plan_run").GetInt64());
        Assert.Equal(10, windows.GetProperty("windows").EnumerateArray().Single().GetProperty("max_parcels").GetInt32());
        var alerts = await Fixtures.GetJsonAsync(host.Client(acme), "/v1/alerts?campaign=D11-2026");
        Assert.Equal("warning", alerts.GetProperty("alerts").EnumerateArray().Single(a => a.GetProperty("node").GetString() == "SF-SH").GetProperty("level").GetString());
        await using var check = new NpgsqlConnection(host.ConnectionString);
        Assert.Equal(0, await check.ExecuteScalarAsync<int>("SELECT count(*) FROM shipment_windows WHERE plan_run_id = @run", new { run }));
        Assert.Equal(0, await check.ExecuteScalarAsync<int>("SELECT count(*) FROM alert_events WHERE plan_run_id = @run", new { run }));
    }

    [Fact]
    public async Task Every_answer_carries_a_poll_interval_and_the_sale_shortens_it()
    {
        using var anonymous = await host.Client().GetAsync("/v1/alerts/events");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.True(anonymous.Headers.TryGetValues("X-Poll-Interval", out var values));
        Assert.InRange(int.Parse(values.Single(), System.Globalization.CultureInfo.InvariantCulture), 1, 300);

        var campaigns = new[] { new Logistics.Server.Alerts.FeedState.CampaignInfo("D11", 1, "Asia/Shanghai", [new DateOnly(2026, 11, 11)], new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 14), null) };
        Assert.Equal(30, Logistics.Server.Alerts.PollInterval.Seconds(campaigns, new DateTimeOffset(2026, 11, 11, 2, 0, 0, TimeSpan.Zero)));
        Assert.Equal(60, Logistics.Server.Alerts.PollInterval.Seconds(campaigns, new DateTimeOffset(2026, 11, 5, 2, 0, 0, TimeSpan.Zero)));
        Assert.Equal(300, Logistics.Server.Alerts.PollInterval.Seconds(campaigns, new DateTimeOffset(2026, 12, 20, 2, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public async Task The_openapi_document_parses_and_lists_every_api_route_with_examples_and_problem_types()
    {
        using var response = await host.Client().GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var parsed = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var doc = parsed.RootElement;
        var paths = doc.GetProperty("paths");

        // Every route the host maps (but the HTML pages and the document itself) is described, per method.
        var routes = host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.IExcludeFromDescriptionMetadata>()?.ExcludeFromDescription != true)
            .Select(e => (Path: System.Text.RegularExpressions.Regex.Replace("/" + e.RoutePattern.RawText!.TrimStart('/'), @"\{(\w+):[^}]+\}", "{$1}"), Methods: e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []))
            .Where(r => !r.Path.StartsWith("/ops", StringComparison.Ordinal) && !r.Path.StartsWith("/openapi", StringComparison.Ordinal))
            .ToList();
        Assert.Contains(routes, r => r.Path == "/v1/alerts/events");
        foreach (var (path, methods) in routes)
        {
            Assert.True(paths.TryGetProperty(path, out var item), $"{path} is not in the document");
            foreach (var method in methods)
            {
                Assert.True(item.TryGetProperty(method.ToLowerInvariant(), out var operation), $"{method} {path} is not in the document");
                foreach (var answer in operation.GetProperty("responses").EnumerateObject())
                {
                    var status = int.Parse(answer.Name, System.Globalization.CultureInfo.InvariantCulture);
                    if (!answer.Value.TryGetProperty("content", out var content)) continue;
                    foreach (var media in content.EnumerateObject())
                        Assert.True(media.Value.TryGetProperty("example", out _), $"{method} {path} {status} {media.Name} has no example");
                    if (status >= 400)
                        Assert.Contains("https://logistics.dev/problems/", answer.Value.GetProperty("description").GetString());
                }
                if (operation.TryGetProperty("requestBody", out var body))
                    foreach (var media in body.GetProperty("content").EnumerateObject())
                        Assert.True(media.Value.TryGetProperty("example", out _), $"{method} {path} request {media.Name} has no example");
            }
        }

        var events = paths.GetProperty("/v1/alerts/events").GetProperty("get");
        var parameters = events.GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()).ToList();
        Assert.Contains("after", parameters);
        Assert.Contains("limit", parameters);
        Assert.True(events.GetProperty("responses").TryGetProperty("304", out _));
        var example = events.GetProperty("responses").GetProperty("200").GetProperty("content").GetProperty("application/json").GetProperty("example");
        Assert.Equal("updated", example.GetProperty("events")[0].GetProperty("kind").GetString());
        Assert.True(example.GetProperty("events")[0].GetProperty("alert").TryGetProperty("forecast_parcels", out _));   // snake_case, as served
        // Every problem type is catalogued in the document's description.
        var description = doc.GetProperty("info").GetProperty("description").GetString()!;
        foreach (var kind in Problems.All) Assert.Contains(kind.Type, description);
    }
}

/// <summary>A host whose every key may make five /v1 requests a minute.</summary>
public sealed class RateLimitedHost : TestHost
{
    protected override string[] Arguments => ["--Logistics:RateLimitPerMinute=5"];
}

public sealed class RateLimitTests(RateLimitedHost host) : IClassFixture<RateLimitedHost>
{
    [Fact]
    public async Task Over_the_per_key_limit_is_429_with_retry_after_and_other_keys_are_unaffected()
    {
        var busy = host.Client(await host.KeyAsync("ops"));
        // The budget is announced (IETF RateLimit fields) before it runs out.
        using (var first = await busy.GetAsync("/v1/me"))
        {
            Assert.Equal("\"per-key\";q=5;w=60", first.Headers.GetValues("RateLimit-Policy").Single());
            Assert.Equal("\"per-key\";r=4", first.Headers.GetValues("RateLimit").Single());
        }
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
            statuses.Add((await busy.GetAsync("/v1/me")).StatusCode);
        Assert.Equal(Enumerable.Repeat(HttpStatusCode.OK, 4).Concat(Enumerable.Repeat(HttpStatusCode.TooManyRequests, 2)), statuses);

        using var limited = await busy.GetAsync("/v1/me");
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        var problem = JsonDocument.Parse(await limited.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("https://logistics.dev/problems/rate-limited", problem.GetProperty("type").GetString());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("trace_id").GetString()));

        using var other = await host.Client(await host.KeyAsync("ops")).GetAsync("/v1/me");
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }
}

/// <summary>A host that reaches its database through a proxy the test can cut.</summary>
public sealed class ProxiedHost : TestHost
{
    public TcpProxy? Proxy { get; private set; }

    protected override string ServerConnectionString(string direct)
    {
        var csb = new NpgsqlConnectionStringBuilder(direct);
        Proxy = new TcpProxy(csb.Port);
        csb.Port = Proxy.Port;
        csb.Timeout = 3;
        return csb.ConnectionString;
    }

    public override async Task DisposeAsync()
    {
        Proxy?.Restore();
        await base.DisposeAsync();
        if (Proxy is not null) await Proxy.DisposeAsync();
    }
}

public sealed class DatabaseOutageTests(ProxiedHost host) : IClassFixture<ProxiedHost>
{
    [Fact]
    public async Task While_the_database_is_away_the_api_answers_503_and_recovers_by_itself()
    {
        var ops = host.Client(await host.KeyAsync("ops"));
        Assert.Equal(HttpStatusCode.OK, (await ops.GetAsync("/v1/alerts")).StatusCode);

        host.Proxy!.Cut();
        NpgsqlConnection.ClearAllPools();
        using var down = await ops.GetAsync("/v1/alerts?limit=50");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
        Assert.True(down.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Equal("https://logistics.dev/problems/database-unavailable",
            JsonDocument.Parse(await down.Content.ReadAsStringAsync()).RootElement.GetProperty("type").GetString());
        Assert.Equal(HttpStatusCode.OK, (await ops.GetAsync("/healthz")).StatusCode);   // the process is up
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await ops.GetAsync("/readyz")).StatusCode);

        host.Proxy.Restore();
        HttpStatusCode status = 0;
        for (var i = 0; i < 50 && status != HttpStatusCode.OK; i++)
        {
            status = (await ops.GetAsync("/v1/alerts?limit=50")).StatusCode;
            if (status != HttpStatusCode.OK) await Task.Delay(200);
        }
        Assert.Equal(HttpStatusCode.OK, status);
    }
}
