using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Dapper;
using Logistics.Scenarios;
using Logistics.Server;
using Logistics.Server.Auth;
using Logistics.Server.Cli;
using Logistics.Server.Infrastructure;
using Npgsql;

namespace Logistics.Benchmarks;

/// <summary>
/// A generated campaign served for minutes under a mix of what production sees: a merchant polling
/// its feed, alerts and windows every second (within its key's 600 requests a minute); a carrier
/// exporting a day of its capacity, changing one hour and uploading it again every 15 s; ops queueing
/// a planning run every minute (planned on the worker of the same process). RSS, the live managed heap
/// and PostgreSQL connections are read the same way (after a full collection) one minute in and at
/// the end. Goal: growth under 10 % for RSS and connections.
/// </summary>
internal static class SoakBenchmark
{
    public static async Task RunAsync(Args args, TextWriter stdout)
    {
        var minutes = double.Parse(args.Option("minutes") ?? "10", CultureInfo.InvariantCulture);
        var seed = BenchOptions.Seed(args);
        args.RejectUnknown();

        await using var bench = await BenchDatabase.StartAsync();
        var db = bench.Database.DataSource;
        var scenario = ScenarioGenerator.Generate(ScenarioScale.Small, seed);
        await ScenarioLoader.LoadAsync(db, scenario);
        var campaign = scenario.Current;
        var merchantCode = scenario.Network.Merchants[0].Code;
        var carrierCode = scenario.Network.Carriers[0].Code;
        // The pre-sale weeks, when merchants poll and runs publish: the service's clock starts there.
        Environment.SetEnvironmentVariable(ServiceClock.Variable, campaign.LocalMidnightUtc(scenario.AsOf.AddDays(1)).ToString("O", CultureInfo.InvariantCulture));
        string ops, merchant, carrier;
        await using (var conn = await db.OpenConnectionAsync())
        {
            ops = await ApiKeyStore.CreateAsync(conn, Roles.Ops, null, false, CancellationToken.None);
            merchant = await ApiKeyStore.CreateAsync(conn, Roles.Merchant, merchantCode, false, CancellationToken.None);
            carrier = await ApiKeyStore.CreateAsync(conn, Roles.Carrier, carrierCode, false, CancellationToken.None);
        }

        var app = ServerApp.Build(bench.Database, "http://127.0.0.1:0", "all");
        await app.StartAsync();
        try
        {
            var server = BenchServer.Address(app);
            using var opsClient = Client(server, ops);
            using var merchantClient = Client(server, merchant);
            using var carrierClient = Client(server, carrier);
            var day = campaign.SaleDays[0];
            var from = campaign.LocalMidnightUtc(day);
            var counts = new Counts();

            // The first minute warms up (JIT, pools, the first run); the figures start after it.
            var warmUp = TimeSpan.FromMinutes(1);
            var stop = DateTime.UtcNow + warmUp + TimeSpan.FromMinutes(minutes);
            var watch = Stopwatch.StartNew();
            var polls = Task.Run(async () =>
            {
                while (DateTime.UtcNow < stop) { await PollAsync(merchantClient, campaign.Code, counts); await Task.Delay(1000); }
            });
            var uploads = Task.Run(async () =>
            {
                for (var i = 1; DateTime.UtcNow < stop; i++) { await UploadAsync(carrierClient, from, i, counts); await Delay(15, stop); }
            });
            var runs = Task.Run(async () =>
            {
                while (DateTime.UtcNow < stop) { await PlanAsync(opsClient, db, campaign.Code, counts); await Delay(60, stop); }
            });
            var mix = Task.WhenAll(polls, uploads, runs);
            await Task.WhenAny(mix, Task.Delay(warmUp));
            var start = await ReadAsync(db);
            stdout.WriteLine($"malloc arenas: {(GlibcMalloc.ArenasCapped ? $"capped at {GlibcMalloc.ArenaLimit}" : $"glibc's default or MALLOC_ARENA_MAX ({Environment.GetEnvironmentVariable("MALLOC_ARENA_MAX") ?? "unset"})")}");
            stdout.WriteLine($"after {watch.Elapsed.TotalMinutes:F1} min: RSS {start.Rss:N0} MB, live heap {start.Heap:N0} MB, PostgreSQL connections {start.Connections}");
            var peak = start.Rss;
            var minute = Stopwatch.StartNew();
            var trail = new List<string>();
            while (!mix.IsCompleted)
            {
                peak = Math.Max(peak, PeakMemory.ResidentMegabytes());
                await Task.WhenAny(mix, Task.Delay(1000));
                // A leak climbs minute after minute; warming (tiered JIT, thread pool) levels off.
                if (minute.Elapsed >= TimeSpan.FromMinutes(1)) { trail.Add($"{PeakMemory.ResidentMegabytes():N0}"); minute.Restart(); }
            }
            await mix;
            var end = await ReadAsync(db);
            var rssGrowth = end.Rss / start.Rss - 1;
            var connGrowth = end.Connections / (double)start.Connections - 1;
            stdout.WriteLine($"""
                {watch.Elapsed.TotalMinutes:F1} min: {counts.Polls:N0} polls ({string.Join(", ", counts.PollStatuses.OrderBy(p => p.Key).Select(p => $"{p.Value:N0} × {p.Key}"))}), {counts.Uploads} capacity uploads ({counts.UploadsAccepted} accepted), {counts.Runs} planning runs ({string.Join(", ", counts.RunStatuses.OrderBy(s => s.Key).Select(s => $"{s.Value} {s.Key}"))})
                RSS: start {start.Rss:N0} MB, peak {peak:N0} MB, end {end.Rss:N0} MB ({rssGrowth:+0.0%;-0.0%}); live heap {start.Heap:N0} → {end.Heap:N0} MB
                RSS each minute: {string.Join(", ", trail)} MB
                PostgreSQL connections: start {start.Connections}, end {end.Connections} ({connGrowth:+0.0%;-0.0%})
                """);
            Scoreboard.Add(new Score("soak", $"{minutes:0} min of polls, uploads and runs: RSS end", $"{end.Rss:N0} MB (peak {peak:N0})", $"start {start.Rss:N0} MB",
                Scoreboard.Ratio(end.Rss / start.Rss), "growth < 10 %", rssGrowth < 0.10));
            Scoreboard.Add(new Score("soak", $"{minutes:0} min of polls, uploads and runs: PostgreSQL connections end", $"{end.Connections}", $"start {start.Connections}",
                Scoreboard.Ratio(end.Connections / (double)start.Connections), "growth < 10 %", connGrowth < 0.10));
        }
        finally
        {
            await app.StopAsync(); await app.DisposeAsync();
            Environment.SetEnvironmentVariable(ServiceClock.Variable, null);
        }
    }

    private sealed class Counts
    {
        public int Polls, Uploads, UploadsAccepted, Runs;
        public Dictionary<string, int> RunStatuses { get; } = [];
        public Dictionary<string, int> PollStatuses { get; } = [];
    }

    private static HttpClient Client(Uri server, string key)
    {
        var client = new HttpClient { BaseAddress = server, Timeout = TimeSpan.FromMinutes(10) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    private static async Task Delay(int seconds, DateTime stop)
    {
        var left = stop - DateTime.UtcNow;
        if (left > TimeSpan.Zero) await Task.Delay(left < TimeSpan.FromSeconds(seconds) ? left : TimeSpan.FromSeconds(seconds));
    }

    private static async Task PollAsync(HttpClient client, string campaign, Counts counts)
    {
        foreach (var path in new[] { "/v1/alerts/events", "/v1/alerts", $"/v1/shipment-windows?campaign={campaign}" })
        {
            using var response = await client.GetAsync(path);
            await response.Content.ReadAsByteArrayAsync();
            counts.Polls++;
            var key = $"{(int)response.StatusCode} {path.Split('?')[0]}";
            counts.PollStatuses[key] = counts.PollStatuses.GetValueOrDefault(key) + 1;
        }
    }

    /// <summary>A day of the carrier's capacity exported, one hour's figure changed by <paramref name="round"/>, uploaded again.</summary>
    private static async Task UploadAsync(HttpClient client, DateTimeOffset from, int round, Counts counts)
    {
        var query = $"/v1/capacity/export?from={Uri.EscapeDataString(from.ToString("O", CultureInfo.InvariantCulture))}&to={Uri.EscapeDataString(from.AddDays(1).ToString("O", CultureInfo.InvariantCulture))}";
        var lines = (await client.GetStringAsync(query)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (lines.Length < 2) throw new InvalidOperationException("the carrier's export had no rows");
        var fields = lines[1].Split(',');
        fields[^1] = (long.Parse(fields[^1], CultureInfo.InvariantCulture) + round % 2).ToString(CultureInfo.InvariantCulture);
        lines[1] = string.Join(',', fields);
        using var content = new StringContent(string.Join('\n', lines) + "\n", Encoding.UTF8, "text/csv");
        using var response = await client.PostAsync("/v1/capacity/uploads", content);
        counts.Uploads++;
        if ((int)response.StatusCode == 202 && await BenchUpload.VerdictAsync(client, response.Headers.Location!.ToString()) == "accepted")
            counts.UploadsAccepted++;
    }

    /// <summary>Queues a planning run through the API and waits for it to end.</summary>
    private static async Task PlanAsync(HttpClient client, NpgsqlDataSource db, string campaign, Counts counts)
    {
        long before;
        await using (var conn = await db.OpenConnectionAsync())
            before = await conn.ExecuteScalarAsync<long>("SELECT coalesce(max(id), 0) FROM plan_runs");
        using var response = await client.PostAsync("/v1/plan-runs", new StringContent($$"""{"campaign": "{{campaign}}"}""", Encoding.UTF8, "application/json"));
        if ((int)response.StatusCode != 202) throw new InvalidOperationException($"POST /v1/plan-runs: {(int)response.StatusCode}");
        counts.Runs++;
        while (true)
        {
            await Task.Delay(250);
            await using var conn = await db.OpenConnectionAsync();
            var status = await conn.ExecuteScalarAsync<string?>("SELECT status FROM plan_runs WHERE id > @before ORDER BY id LIMIT 1", new { before });
            if (status is null or "running") continue;
            lock (counts.RunStatuses) counts.RunStatuses[status] = counts.RunStatuses.GetValueOrDefault(status) + 1;
            return;
        }
    }

    private static async Task<(double Rss, double Heap, long Connections)> ReadAsync(NpgsqlDataSource db)
    {
        GC.Collect(); GC.WaitForPendingFinalizers(); GC.Collect();
        var heap = GC.GetTotalMemory(forceFullCollection: true) / 1024.0 / 1024.0;
        await Task.Delay(2000);
        await using var conn = await db.OpenConnectionAsync();
        // Every backend on the benchmark's database (the server's pools, Hangfire's, this one).
        var connections = await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()");
        return (PeakMemory.ResidentMegabytes(), heap, connections);
    }
}
