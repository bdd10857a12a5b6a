using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Dapper;
using Logistics.Server;
using Logistics.Server.Auth;
using Logistics.Server.Cli;
using Logistics.Server.Publication;
using Logistics.Server.Uploads;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Logistics.Benchmarks;

/// <summary>
/// The merchant polling path under wrk, on loopback, against a national-sized publication: (a) the
/// feed with If-None-Match (304, answered from memory), (b) the feed returning 100 events, paced at
/// about 1,000 requests/s, and (c) a bare endpoint returning a constant in the same process — the
/// reference. The publication is made directly through the real publisher (windows, alerts with
/// their audiences, feed events) rather than by a planning run, so this measures the API alone.
/// </summary>
internal static partial class PollingBenchmark
{
    private const int Carriers = 20, HubsPerCarrier = 30, Warehouses = 2_000, Regions = 31;
    private static readonly DateTimeOffset Sale = new(2026, 11, 10, 16, 0, 0, TimeSpan.Zero);

    public static async Task RunAsync(Args args, TextWriter stdout)
    {
        var merchants = int.Parse(args.Option("merchants") ?? "100000", CultureInfo.InvariantCulture);
        var seconds = int.Parse(args.Option("seconds") ?? "10", CultureInfo.InvariantCulture);
        args.RejectUnknown();
        BenchOptions.RequireWrk();

        await using var bench = await BenchDatabase.StartAsync();
        var db = bench.Database.DataSource;
        var watch = Stopwatch.StartNew();
        await LoadNetworkAsync(db, merchants);
        stdout.WriteLine($"network: {merchants:N0} merchants, {Warehouses:N0} warehouses, {Carriers * HubsPerCarrier} hubs ({watch.Elapsed.TotalSeconds:F1} s)");
        watch.Restart();
        var (windows, events) = await PublishAsync(db, merchants);
        stdout.WriteLine($"published three runs: {windows:N0} windows, {events:N0} feed events ({watch.Elapsed.TotalSeconds:F1} s)");
        string key;
        await using (var conn = await db.OpenConnectionAsync()) key = await ApiKeyStore.CreateAsync(conn, "merchant", Merchant(0), false, CancellationToken.None);

        // Rate limiting stays on (its cost is part of the path), with a limit wrk cannot reach.
        var app = ServerApp.Build(bench.Database, "http://127.0.0.1:0", "api", ["--Logistics:RateLimitPerMinute=1000000000", "--Logistics:RateLimitPerAddressPerMinute=1000000000"]);
        app.MapGet("/bench/constant", () => Results.Text("ok"));
        await app.StartAsync();
        try
        {
            var address = BenchServer.Address(app);
            using var http = new HttpClient { BaseAddress = address };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);

            // The merchant's newest cursor and its ETag: what a poller that is up to date sends.
            var (head, etag, page100) = await PrepareAsync(http);
            stdout.WriteLine($"merchant {Merchant(0)}: feed head {head}; a 100-event page is {page100:N0} bytes");

            var bare = await WrkAsync(new Uri(address, "/bench/constant"), [], seconds, connections: 64, pacedPerSecond: null);
            var notModified = await WrkAsync(new Uri(address, $"/v1/alerts/events?after={Uri.EscapeDataString(head)}"),
                [$"Authorization: Bearer {key}", $"If-None-Match: {etag}"], seconds, connections: 64, pacedPerSecond: null);
            var hundred = await WrkAsync(new Uri(address, "/v1/alerts/events?limit=100"),
                [$"Authorization: Bearer {key}"], seconds, connections: 32, pacedPerSecond: 1000);
            if (notModified.Non2xx3xx > 0 || hundred.Non2xx3xx > 0 || bare.Non2xx3xx > 0)
                throw new InvalidOperationException($"wrk saw error answers: 304 path {notModified.Non2xx3xx}, 100 events {hundred.Non2xx3xx}, bare {bare.Non2xx3xx}");

            stdout.WriteLine($"""
                | path | requests/s | p50 ms | p99 ms |
                |---|---:|---:|---:|
                | (c) bare endpoint, constant answer | {bare.RequestsPerSecond:N0} | {bare.P50Ms:F2} | {bare.P99Ms:F2} |
                | (a) feed with If-None-Match → 304 | {notModified.RequestsPerSecond:N0} | {notModified.P50Ms:F2} | {notModified.P99Ms:F2} |
                | (b) feed, 100 events, paced at ~1,000/s | {hundred.RequestsPerSecond:N0} | {hundred.P50Ms:F2} | {hundred.P99Ms:F2} |

                ratio (a) / (c): {notModified.RequestsPerSecond / bare.RequestsPerSecond:F2}x (goal >= 0.6x); (b) p99 {hundred.P99Ms:F1} ms at {hundred.RequestsPerSecond:N0} requests/s (goal < 50 ms at 1,000/s)
                """);
            var national = merchants >= 100_000;   // the goals are stated against a national-scale publication
            Scoreboard.Add(new Score("polling", $"feed 304 path (If-None-Match), {merchants:N0} merchants, requests/s", $"{notModified.RequestsPerSecond:N0}/s",
                $"bare endpoint {bare.RequestsPerSecond:N0}/s", Scoreboard.Ratio(notModified.RequestsPerSecond / bare.RequestsPerSecond), "≥ 0.6×",
                national && notModified.RequestsPerSecond >= 0.6 * bare.RequestsPerSecond));
            Scoreboard.Add(new Score("polling", $"feed returning 100 events, {merchants:N0} merchants, p99 at ~1,000 requests/s", $"{hundred.P99Ms:F1} ms at {hundred.RequestsPerSecond:N0}/s",
                $"bare endpoint p99 {bare.P99Ms:F1} ms", Scoreboard.Ratio(hundred.P99Ms / bare.P99Ms), "p99 < 50 ms at 1,000/s",
                national && hundred.P99Ms < 50 && hundred.RequestsPerSecond >= 950));
        }
        finally { await app.StopAsync(); await app.DisposeAsync(); }
    }

    private static string Merchant(int i) => string.Create(CultureInfo.InvariantCulture, $"M{i:000000}");
    private static string Warehouse(int i) => string.Create(CultureInfo.InvariantCulture, $"W{i:0000}");
    private static string Hub(int carrier, int hub) => string.Create(CultureInfo.InvariantCulture, $"C{carrier:00}-H{hub:00}");
    private static string Carrier(int carrier) => string.Create(CultureInfo.InvariantCulture, $"C{carrier:00}");

    /// <summary>Each warehouse ships with three carriers to one hub of each; merchants are spread evenly over warehouses.</summary>
    private static (int Carrier, int Hub)[] LanesOf(int warehouse) =>
        [.. Enumerable.Range(0, 3).Select(k => ((warehouse + 7 * k) % Carriers, warehouse % HubsPerCarrier))];

    private static async Task LoadNetworkAsync(NpgsqlDataSource db, int merchants)
    {
        var sb = new StringBuilder("kind,code,name,parent,region\n");
        for (var r = 0; r < Regions; r++) sb.Append(CultureInfo.InvariantCulture, $"region,R{r:00},Region {r},,\n");
        for (var c = 0; c < Carriers; c++)
        {
            sb.Append(CultureInfo.InvariantCulture, $"carrier,{Carrier(c)},Carrier {c},,\n");
            for (var h = 0; h < HubsPerCarrier; h++) sb.Append(CultureInfo.InvariantCulture, $"hub,{Hub(c, h)},Hub {c}/{h},{Carrier(c)},R{h % Regions:00}\n");
        }
        for (var w = 0; w < Warehouses; w++)
        {
            sb.Append(CultureInfo.InvariantCulture, $"warehouse,{Warehouse(w)},Warehouse {w},,R{w % Regions:00}\n");
            foreach (var (c, h) in LanesOf(w)) sb.Append(CultureInfo.InvariantCulture, $"lane,{Warehouse(w)}>{Hub(c, h)},,{Carrier(c)},\n");
        }
        for (var m = 0; m < merchants; m++)
            sb.Append(CultureInfo.InvariantCulture, $"merchant,{Merchant(m)},Shop {m},,R{m % Regions:00}\nmerchant_warehouse,{Merchant(m)}>{Warehouse(m % Warehouses)},,,\n");
        await SubmitAsync(db, UploadKind.Network, sb.ToString());
        await SubmitAsync(db, UploadKind.Campaigns, """
            code,name,time_zone,sale_days,horizon_start,horizon_end,ship_within_hours
            D11-2026,Double 11 2026,Asia/Shanghai,2026-11-01;2026-11-11,2026-11-01,2026-11-14,72
            """);
    }

    private static async Task SubmitAsync(NpgsqlDataSource db, UploadKind kind, string csv)
    {
        var result = (await UploadIntake.ForCommandLine(db).ReceiveAsync(kind, new UploadSubmission(UploadSubmission.CommandLine, null, null, null, "text/csv", null), new MemoryStream(Encoding.UTF8.GetBytes(csv)), null, CancellationToken.None));
        if (result.Upload.Status != "accepted") throw new InvalidOperationException($"the benchmark {UploadKinds.Name(kind)} was rejected");
    }

    /// <summary>
    /// Three runs. Every merchant gets ten windows. For each of the seven days around the sale there
    /// is an alert on every origin hub, every warehouse's outbound and every pickup (carrier at
    /// warehouse), concerning the merchants that ship through it (about 60,000 alerts, about 50 per
    /// merchant); the second run updates all of them and the third half, so a merchant's feed holds
    /// well over 100 events.
    /// </summary>
    private static async Task<(long Windows, long Events)> PublishAsync(NpgsqlDataSource db, int merchants)
    {
        const int days = 7;
        var byWarehouse = Enumerable.Range(0, Warehouses).Select(w => Enumerable.Range(0, merchants / Warehouses + 1)
            .Select(k => k * Warehouses + w).Where(m => m < merchants).Select(Merchant).ToList()).ToArray();
        var byHub = new Dictionary<(int, int), List<string>>();
        for (var w = 0; w < Warehouses; w++)
            foreach (var lane in LanesOf(w))
                (byHub.TryGetValue(lane, out var list) ? list : byHub[lane] = []).AddRange(byWarehouse[w]);

        var windows = new List<PublishedWindow>(merchants * 10);
        for (var m = 0; m < merchants; m++)
        {
            var w = m % Warehouses;
            var (c, h) = LanesOf(w)[m % 3];
            for (var k = 0; k < 10; k++)
                windows.Add(new PublishedWindow(Merchant(m), Warehouse(w), Carrier(c), Hub(c, h), Sale.AddHours(4 * k), Sale.AddHours(4 * k + 3), 10 + k));
        }
        PublishedAlert Alert(int run, int salt, int day, string key, string level, string? carrier, string node, string kind, double capacity, IReadOnlyList<string> audience)
        {
            var p90 = capacity * (run == 1 || (run == 3 && (salt + day) % 2 == 1) ? 0.93 : 0.97);
            var start = Sale.AddDays(day - 3);
            return new PublishedAlert($"{key}:{day}", level, carrier, node, kind, start.AddHours(8), start.AddHours(20), p90 * 0.8, p90, capacity, p90 / capacity,
                $"P90 load {p90:0} parcels/h against capacity {capacity:0}", $"hand over after {start.AddHours(20):yyyy-MM-dd HH:mm}", false, audience);
        }
        long events = 0;
        foreach (var run in new[] { 1, 2, 3 })
        {
            var alerts = new List<PublishedAlert>();
            for (var day = 0; day < days; day++)
            {
                foreach (var ((c, h), audience) in byHub)
                    alerts.Add(Alert(run, c + h, day, $"origin_sort:{Carrier(c)}:{Hub(c, h)}", "warning", Carrier(c), Hub(c, h), "origin_sort", 1300, audience));
                for (var w = 0; w < Warehouses; w++)
                {
                    alerts.Add(Alert(run, w, day, $"outbound:{Warehouse(w)}", "watch", null, Warehouse(w), "outbound", 1100, byWarehouse[w]));
                    foreach (var (c, _) in LanesOf(w))
                        alerts.Add(Alert(run, w + c, day, $"pickup:{Carrier(c)}:{Warehouse(w)}", "warning", Carrier(c), Warehouse(w), "pickup", 400, byWarehouse[w]));
                }
            }
            await using var conn = await db.OpenConnectionAsync();
            var runId = await conn.ExecuteScalarAsync<long>("INSERT INTO plan_runs (campaign_id, status) SELECT id, 'running' FROM campaigns WHERE code = 'D11-2026' RETURNING id");
            await using var tx = await conn.BeginTransactionAsync();
            var result = await Publisher.PublishAsync(conn, tx, new Publication("D11-2026", runId, windows, alerts), DateTimeOffset.UtcNow, CancellationToken.None);
            await conn.ExecuteAsync("UPDATE plan_runs SET status = 'published', finished_at = now() WHERE id = @runId", new { runId }, tx);
            await tx.CommitAsync();
            events += result.Created + result.Updated + result.Cleared;
        }
        await using (var conn = await db.OpenConnectionAsync()) await conn.ExecuteAsync("VACUUM ANALYZE");
        return (windows.Count, events);
    }

    /// <summary>Reads the merchant's feed to its end (as a poller would), then takes the ETag of the up-to-date poll.</summary>
    private static async Task<(string Head, string ETag, long Page100Bytes)> PrepareAsync(HttpClient http)
    {
        string? after = null;
        var page100 = 0L;
        for (var i = 0; i < 600; i++)
        {
            using var response = await http.GetAsync(after is null ? "/v1/alerts/events?limit=100" : $"/v1/alerts/events?limit=1000&after={Uri.EscapeDataString(after)}");
            var text = await response.Content.ReadAsStringAsync();
            if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"feed: {(int)response.StatusCode} {text}");
            using var doc = JsonDocument.Parse(text);
            var count = doc.RootElement.GetProperty("events").GetArrayLength();
            if (after is null)
            {
                if (count < 100) { await Task.Delay(100); continue; }   // the feed state has not caught up yet
                page100 = Encoding.UTF8.GetByteCount(text);
            }
            after = doc.RootElement.GetProperty("cursor").GetString()!;
            if (doc.RootElement.GetProperty("more").GetBoolean()) continue;
            // Up to date: the ETag of exactly the poll wrk repeats, checked to give 304.
            var poll = $"/v1/alerts/events?after={Uri.EscapeDataString(after)}";
            using var latest = await http.GetAsync(poll);
            var etag = latest.Headers.ETag?.ToString() ?? throw new InvalidOperationException("the feed sent no ETag");
            using var again = new HttpRequestMessage(HttpMethod.Get, poll);
            again.Headers.TryAddWithoutValidation("If-None-Match", etag);
            using var notModified = await http.SendAsync(again);
            if (notModified.StatusCode != System.Net.HttpStatusCode.NotModified)
                throw new InvalidOperationException($"the up-to-date poll answered {(int)notModified.StatusCode}, not 304");
            return (after, etag, page100);
        }
        throw new InvalidOperationException("the merchant's feed never showed 100 events");
    }

    internal sealed record WrkResult(double RequestsPerSecond, double MeanMs, double P50Ms, double P99Ms, long Non2xx3xx);

    /// <summary>
    /// Runs wrk with --latency. A paced run holds about the given total rate: each connection waits
    /// before its next request for its share of the cycle less the mean latency of a short calibration
    /// run (wrk's delay() comes on top of the request's own time).
    /// </summary>
    internal static async Task<WrkResult> WrkAsync(Uri url, string[] headers, int seconds, int connections, int? pacedPerSecond)
    {
        if (pacedPerSecond is not { } rate) return await RunWrkAsync(url, headers, seconds, connections, null);
        var cycleMs = connections * 1000.0 / rate;
        var calibration = await RunWrkAsync(url, headers, 3, connections, cycleMs);
        return await RunWrkAsync(url, headers, seconds, connections, Math.Max(0, cycleMs - calibration.MeanMs));
    }

    private static async Task<WrkResult> RunWrkAsync(Uri url, string[] headers, int seconds, int connections, double? delayMs)
    {
        var script = Path.Combine(Path.GetTempPath(), $"wrk-{Environment.ProcessId}.lua");
        var arguments = new List<string> { "-t2", $"-c{connections}", $"-d{seconds}s", "--latency" };
        foreach (var h in headers) { arguments.Add("-H"); arguments.Add(h); }
        if (delayMs is { } delay)
        {
            await File.WriteAllTextAsync(script, string.Create(CultureInfo.InvariantCulture, $"function delay() return {Math.Round(delay)} end\n"));
            arguments.Add("-s"); arguments.Add(script);
        }
        arguments.Add(url.ToString());
        var psi = new ProcessStartInfo("wrk") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in arguments) psi.ArgumentList.Add(a);
        using var process = Process.Start(psi)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        File.Delete(script);
        if (process.ExitCode != 0) throw new InvalidOperationException($"wrk failed: {await process.StandardError.ReadToEndAsync()}");
        return new WrkResult(
            double.Parse(RequestsPerSecond().Match(output).Groups[1].Value, CultureInfo.InvariantCulture),
            Millis(MeanLatency().Match(output).Groups[1].Value),
            Millis(Percentile("50", output)), Millis(Percentile("99", output)),
            NonSuccess().Match(output) is { Success: true } m ? long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 0);
    }

    private static string Percentile(string p, string output) =>
        Regex.Match(output, $@"^\s*{p}(?:\.000)?%\s+(\S+)", RegexOptions.Multiline).Groups[1].Value;

    /// <summary>wrk prints latencies as 812.00us, 1.20ms or 1.05s.</summary>
    private static double Millis(string value)
    {
        var m = Regex.Match(value, @"^([\d.]+)(us|ms|s|m)$");
        if (!m.Success) throw new InvalidOperationException($"unexpected wrk latency '{value}'");
        var n = double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        return m.Groups[2].Value switch { "us" => n / 1000, "ms" => n, "s" => n * 1000, _ => n * 60_000 };
    }

    [GeneratedRegex(@"Requests/sec:\s+([\d.]+)")]
    private static partial Regex RequestsPerSecond();

    [GeneratedRegex(@"^\s*Latency\s+(\S+)", RegexOptions.Multiline)]
    private static partial Regex MeanLatency();

    [GeneratedRegex(@"Non-2xx or 3xx responses:\s+(\d+)")]
    private static partial Regex NonSuccess();
}
