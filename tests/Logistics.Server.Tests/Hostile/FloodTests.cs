using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Dapper;
using Logistics.Server.Tests.Support;
using Npgsql;

namespace Logistics.Server.Tests.Hostile;

/// <summary>
/// A node whose ops login locks out after 5 wrong keys (10 by default), to keep the test short.
/// Role all, as the other in-process hosts: an in-process api-only host beside them disturbed their
/// job servers (Hangfire keeps some of its configuration in statics).
/// </summary>
public sealed class FloodHost : TestHost
{
    protected override string[] Arguments => ["--Logistics:OpsLoginLockoutAfter=5"];
}

/// <summary>
/// Floods cost little: made-up keys run out of their address's budget and are answered 429 with no
/// database lookup, while a real key goes on working; a revoked key stops within a second on a
/// node that had it cached; wrong keys at the ops login are held back longer each time, then locked out.
/// </summary>
public sealed partial class FloodTests(FloodHost host) : IClassFixture<FloodHost>
{
    [Fact]
    public async Task A_flood_of_random_keys_is_answered_429_without_database_lookups_while_a_real_key_works()
    {
        var merchant = host.Client(await host.KeyAsync("ops"));
        Assert.Equal(HttpStatusCode.OK, (await merchant.GetAsync("/v1/me")).StatusCode);
        var before = await KeyLookupsAsync(settle: false);

        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 300; i++)
        {
            using var random = host.Client($"lgk_{Guid.NewGuid():N}"[..14] + "_" + new string('a', 43));
            using var response = await random.GetAsync("/v1/me");
            answers.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
                Assert.NotNull(response.Headers.RetryAfter);
            }
        }
        var spent = await KeyLookupsAsync(settle: true) - before;

        // The budget is 20 unknown keys a minute per address; another test of this class may have spent one.
        var unauthorized = answers.Count(s => s == HttpStatusCode.Unauthorized);
        Assert.InRange(unauthorized, 1, 20);
        Assert.Equal(300 - unauthorized, answers.Count(s => s == HttpStatusCode.TooManyRequests));
        // The budget's lookups, and a few of this class's other tests reported late (their
        // backends report when idle); it was 300 before the budget.
        Assert.True(spent <= 40, $"api_keys was read {spent} times during a flood of 300 made-up keys");
        Assert.Equal(HttpStatusCode.OK, (await merchant.GetAsync("/v1/me")).StatusCode);
    }

    [Fact]
    public async Task A_revoked_key_stops_working_within_a_second_though_it_was_cached()
    {
        var key = await host.KeyAsync("ops");
        using var client = host.Client(key);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/v1/me")).StatusCode);   // now cached for 30 s

        await using (var conn = new NpgsqlConnection(host.ConnectionString))
            await conn.ExecuteAsync("UPDATE api_keys SET revoked_at = now() WHERE prefix = @prefix", new { prefix = key.Substring(4, 10) });
        var revoked = System.Diagnostics.Stopwatch.StartNew();
        HttpStatusCode status;
        do
        {
            status = (await client.GetAsync("/v1/me")).StatusCode;
            if (status == HttpStatusCode.OK) await Task.Delay(50);
        } while (status == HttpStatusCode.OK && revoked.Elapsed < TimeSpan.FromSeconds(5));

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.True(revoked.Elapsed < TimeSpan.FromSeconds(1), $"the revoked key worked for {revoked.Elapsed.TotalMilliseconds:0} ms");
    }

    [Fact]
    public async Task Wrong_keys_at_the_ops_login_are_held_back_longer_each_time_then_locked_out()
    {
        var cookies = new CookieContainer();
        using var browser = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = host.BaseAddress };
        var page = await browser.GetStringAsync("/ops/login");
        var token = TokenPattern().Match(page);
        Assert.True(token.Success, page);
        async Task<(HttpStatusCode, TimeSpan)> TryAsync(string key)
        {
            var watch = System.Diagnostics.Stopwatch.StartNew();
            using var response = await browser.PostAsync("/ops/login", new FormUrlEncodedContent(
                new Dictionary<string, string> { ["key"] = key, [token.Groups[1].Value] = token.Groups[2].Value }));
            return (response.StatusCode, watch.Elapsed);
        }

        var tries = new List<(HttpStatusCode Status, TimeSpan Took)>();
        for (var i = 0; i < 5; i++) tries.Add(await TryAsync("lgk_wrongwrong_" + new string('b', 43)));
        var locked = await TryAsync(await host.KeyAsync("ops"));   // even the right key, while locked out

        Assert.All(tries, t => Assert.Equal(HttpStatusCode.Unauthorized, t.Status));
        Assert.All(tries.Take(3), t => Assert.True(t.Took < TimeSpan.FromSeconds(1), $"{t.Took}"));
        // Held back 1 s, then 2 s (less a timer tick: the client's clock and the server's delay differ by a millisecond or so).
        Assert.True(tries[3].Took >= TimeSpan.FromSeconds(0.95), $"4th: {tries[3].Took}");
        Assert.True(tries[4].Took >= TimeSpan.FromSeconds(1.95), $"5th: {tries[4].Took}");
        Assert.Equal(HttpStatusCode.TooManyRequests, locked.Item1);
    }

    /// <summary>
    /// How often api_keys has been read (every key lookup reads it once; nothing else in the
    /// server does). <paramref name="settle"/>: first wait out the 10 s after which an idle
    /// backend reports what it has not reported yet.
    /// </summary>
    private async Task<long> KeyLookupsAsync(bool settle)
    {
        if (settle) await Task.Delay(TimeSpan.FromSeconds(11));
        await using var conn = new NpgsqlConnection(host.ConnectionString);
        return await conn.ExecuteScalarAsync<long>("SELECT coalesce(seq_scan, 0) + coalesce(idx_scan, 0) FROM pg_stat_user_tables WHERE relname = 'api_keys'");
    }

    [GeneratedRegex("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]+)\">")]
    private static partial Regex TokenPattern();
}
