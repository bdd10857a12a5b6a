using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using Dapper;
using Logistics.Scenarios;
using Logistics.Server;
using Logistics.Server.Auth;
using Logistics.Server.Cli;
using Logistics.Server.Planning;
using Logistics.Server.WhatIf;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;

namespace Logistics.Benchmarks;

/// <summary>
/// Issue 20's two goals on a generated scenario (national by default), planned for real: (a) a
/// region's status under wrk, p99 of full answers paced at about 200 requests/s and its 304 path,
/// next to a bare endpoint of the same process; (b) a what-if (one origin hub shut for 12 hours on
/// the first sale day) against a normal run of the same campaign, forced to plan and publish again.
/// </summary>
internal static class RegionsBenchmark
{
    public static async Task RunAsync(Args args, TextWriter stdout)
    {
        var scale = BenchOptions.Scale(args);
        var seed = BenchOptions.Seed(args);
        var seconds = int.Parse(args.Option("seconds") ?? "10", CultureInfo.InvariantCulture);
        args.RejectUnknown();
        BenchOptions.RequireWrk();

        await using var bench = await BenchDatabase.StartAsync();
        var db = bench.Database.DataSource;
        var scenario = ScenarioGenerator.Generate(scale, seed);
        var campaign = scenario.Current.Code;
        // Planned the day after its as-of date, as in the pre-sale weeks; the API's clock is set the same way below.
        var asOf = scenario.Current.LocalMidnightUtc(scenario.AsOf.AddDays(1));
        var sale = scenario.Current.LocalMidnightUtc(scenario.Current.SaleDays[^1]);
        var watch = Stopwatch.StartNew();
        await ScenarioLoader.LoadAsync(db, scenario);
        stdout.WriteLine($"scenario (seed {seed}): {scale.Merchants:N0} merchants, {scenario.Network.Hubs.Count:N0} hubs, {scenario.Network.Regions.Count} regions; loaded in {watch.Elapsed.TotalSeconds:0} s");
        scenario = null;
        GC.Collect(2, GCCollectionMode.Aggressive, true, true);

        var clock = Logistics.Server.Infrastructure.ServiceClock.StartingAt(asOf);
        var run = new PlanningRun(db, clock, NullLogger<PlanningRun>.Instance);
        var first = await run.RunAsync(campaign, "manual", "bench", null, CancellationToken.None);
        if (first.Status != "published") throw new InvalidOperationException($"the first run ended {first.Status}: {first.Error}");

        // (b) the reference: the same campaign planned and published again; then the what-if.
        watch.Restart();
        var normal = await run.RunAsync(campaign, "manual", "bench", null, CancellationToken.None, force: true);
        var normalSeconds = watch.Elapsed.TotalSeconds;
        if (normal.Status != "published") throw new InvalidOperationException($"the reference run ended {normal.Status}: {normal.Error}");
        long whatIfId;
        string hub;
        await using (var conn = await db.OpenConnectionAsync())
        {
            hub = await conn.ExecuteScalarAsync<string>("""
                SELECT node FROM plan_node_loads WHERE plan_run_id = @RunId AND kind = 'origin_hub' ORDER BY peak_utilization DESC NULLS LAST LIMIT 1
                """, new { normal.RunId }) ?? throw new InvalidOperationException("no origin hub in the plan");
            var overrides = new[] { new CapacityOverride(hub, "sort", sale, sale.AddHours(12), Parcels: 0) };
            whatIfId = await conn.ExecuteScalarAsync<long>(WhatIfSql.Insert,
                new { campaign, overrides = JsonSerializer.Serialize(overrides, WhatIfRun.Json), keyId = (long?)null });
        }
        GC.Collect(2, GCCollectionMode.Aggressive, true, true);
        watch.Restart();
        var outcome = await new WhatIfRun(db, clock, NullLogger<WhatIfRun>.Instance).RunAsync(whatIfId, CancellationToken.None);
        var whatIfSeconds = watch.Elapsed.TotalSeconds;
        stdout.WriteLine($"normal run (forced): {normalSeconds:F1} s; what-if ({hub} shut 12 h from {sale:yyyy-MM-dd HH:mm}Z): {whatIfSeconds:F1} s — {outcome}");
        var national = scale.Merchants >= ScenarioSize.National.Merchants;
        Scoreboard.Add(new Score("regions", $"what-if (one hub shut 12 h), {scale.Merchants:N0} merchants", $"{whatIfSeconds:F1} s", $"normal run {normalSeconds:F1} s",
            Scoreboard.Ratio(whatIfSeconds / normalSeconds), "≤ 1.2×", national && whatIfSeconds <= 1.2 * normalSeconds));

        // (a) a merchant's busiest region under wrk.
        string key, region;
        await using (var conn = await db.OpenConnectionAsync())
        {
            (var merchant, region) = await conn.QuerySingleAsync<(string, string)>("""
                SELECT m.code, r.code FROM demand_signals d JOIN merchants m ON m.id = d.merchant_id JOIN regions r ON r.id = d.region_id
                JOIN campaigns c ON c.id = d.campaign_id WHERE c.code = @campaign LIMIT 1
                """, new { campaign });
            key = await ApiKeyStore.CreateAsync(conn, "merchant", merchant, false, CancellationToken.None);
        }
        Environment.SetEnvironmentVariable(Logistics.Server.Infrastructure.ServiceClock.Variable, asOf.ToString("O", CultureInfo.InvariantCulture));
        var app = ServerApp.Build(bench.Database, "http://127.0.0.1:0", "api", ["--Logistics:RateLimitPerMinute=1000000000"]);
        app.MapGet("/bench/constant", () => Results.Text("ok"));
        await app.StartAsync();
        try
        {
            var address = BenchServer.Address(app);
            using var http = new HttpClient { BaseAddress = address };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
            var path = $"/v1/regions/{Uri.EscapeDataString(region)}/status?campaign={Uri.EscapeDataString(campaign)}";
            string? etag = null;
            long bytes = 0;
            for (var i = 0; i < 100 && etag is null; i++)
            {
                using var response = await http.GetAsync(path);
                var text = await response.Content.ReadAsStringAsync();
                if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{path}: {(int)response.StatusCode} {text}");
                // The API learns of the publication by NOTIFY or its 3 s poll: wait until it shows the run.
                if (JsonDocument.Parse(text).RootElement.GetProperty("plan_run").ValueKind == JsonValueKind.Number) { etag = response.Headers.ETag?.Tag; bytes = text.Length; }
                else await Task.Delay(100);
            }
            if (etag is null) throw new InvalidOperationException("the API never saw the publication");
            // One connection, one request at a time: what a request costs without wrk's queueing (a busy machine shows here less).
            var sequential = new List<double>();
            for (var i = 0; i < 50; i++)
            {
                var t = Stopwatch.StartNew();
                using var response = await http.GetAsync(path);
                await response.Content.ReadAsByteArrayAsync();
                sequential.Add(t.Elapsed.TotalMilliseconds);
            }
            sequential.Sort();
            stdout.WriteLine($"region status, 50 requests one after another: median {sequential[25]:F2} ms, max {sequential[^1]:F2} ms");
            var bare = await PollingBenchmark.WrkAsync(new Uri(address, "/bench/constant"), [], seconds, connections: 16, pacedPerSecond: 200);
            var full = await PollingBenchmark.WrkAsync(new Uri(address, path), [$"Authorization: Bearer {key}"], seconds, connections: 16, pacedPerSecond: 200);
            var notModified = await PollingBenchmark.WrkAsync(new Uri(address, path), [$"Authorization: Bearer {key}", $"If-None-Match: {etag}"], seconds, connections: 16, pacedPerSecond: 200);
            if (bare.Non2xx3xx + full.Non2xx3xx + notModified.Non2xx3xx > 0) throw new InvalidOperationException("wrk saw error answers");
            stdout.WriteLine($"""
                region {region} status: {bytes:N0} bytes
                | path | requests/s | p50 ms | p99 ms |
                |---|---:|---:|---:|
                | bare endpoint, constant answer | {bare.RequestsPerSecond:N0} | {bare.P50Ms:F2} | {bare.P99Ms:F2} |
                | region status, full answer | {full.RequestsPerSecond:N0} | {full.P50Ms:F2} | {full.P99Ms:F2} |
                | region status, If-None-Match → 304 | {notModified.RequestsPerSecond:N0} | {notModified.P50Ms:F2} | {notModified.P99Ms:F2} |
                """);
            Scoreboard.Add(new Score("regions", $"region status p99 at ~200 requests/s, {scale.Merchants:N0} merchants", $"{full.P99Ms:F1} ms (304: {notModified.P99Ms:F1} ms)",
                $"bare endpoint p99 {bare.P99Ms:F1} ms", Scoreboard.Ratio(full.P99Ms / bare.P99Ms), "p99 < 50 ms", national && full.P99Ms < 50));
        }
        finally { await app.StopAsync(); await app.DisposeAsync(); }
    }
}
