using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Hangfire;
using Logistics.Server;
using Logistics.Server.Cli;
using Logistics.Server.Jobs;
using Logistics.Server.Storage;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Logistics.Benchmarks;

/// <summary>
/// How long a job enqueued on an API node waits before a worker starts it (Hangfire with long
/// polling on LISTEN/NOTIFY): an API host and a worker host on one database, each with its own
/// connections, the API enqueuing one job at a time and the job noting when it started. The
/// reference is a bare NOTIFY from one connection to another LISTENing one, the floor of any
/// wake-up through PostgreSQL. Goal: p99 &lt; 500 ms.
/// </summary>
internal static class JobPickupBenchmark
{
    private static readonly ConcurrentDictionary<int, long> Started = new();

    /// <summary>The probe job: notes the time it started. Static, so the worker host runs it without a service.</summary>
    [Queue(JobQueues.Maintenance)]
    [AutomaticRetry(Attempts = 0)]
    public static void Probe(int n) => Started[n] = Stopwatch.GetTimestamp();

    public static async Task RunAsync(Args args, TextWriter stdout)
    {
        var jobs = int.Parse(args.Option("jobs") ?? "200", CultureInfo.InvariantCulture);
        args.RejectUnknown();
        await using var bench = await BenchDatabase.StartAsync();
        var cs = bench.Database.ConnectionString;

        var notify = await NotifyRoundTripsAsync(cs, jobs);

        await using var workerDb = Database.ForConnectionString(cs);
        await using var worker = ServerApp.Build(workerDb, "http://127.0.0.1:0", "worker");
        await worker.StartAsync();
        await using var apiDb = Database.ForConnectionString(cs);
        await using var api = ServerApp.Build(apiDb, "http://127.0.0.1:0", "api");
        await api.StartAsync();
        var client = api.Services.GetRequiredService<IBackgroundJobClient>();

        // A few unmeasured jobs first: the worker's first fetch, JIT and connection pools.
        for (var n = -5; n < 0; n++) await PickupAsync(client, n);
        var pickups = new List<double>(jobs);
        for (var n = 0; n < jobs; n++)
        {
            pickups.Add(await PickupAsync(client, n));
            await Task.Delay(Random.Shared.Next(5, 25));   // jobs arrive apart, as uploads do
        }
        await api.StopAsync();
        await worker.StopAsync();

        var (p50, p99) = (Percentile(pickups, 0.50), Percentile(pickups, 0.99));
        var (n50, n99) = (Percentile(notify, 0.50), Percentile(notify, 0.99));
        stdout.WriteLine($"enqueue on the API node -> job started on the worker, {jobs} jobs: p50 {p50:F1} ms, p99 {p99:F1} ms, max {pickups.Max():F1} ms");
        stdout.WriteLine($"bare NOTIFY -> LISTEN round trip, {jobs} times:            p50 {n50:F2} ms, p99 {n99:F2} ms, max {notify.Max():F2} ms");
        Scoreboard.Add(new Score("jobs", $"enqueue (API node) to start (worker), {jobs} jobs, p50 / p99",
            $"{p50:F1} / {p99:F1} ms", $"bare NOTIFY {n50:F2} / {n99:F2} ms", Scoreboard.Ratio(p99 / Math.Max(n99, 0.001)), "p99 < 500 ms", p99 < 500));
    }

    private static async Task<double> PickupAsync(IBackgroundJobClient client, int n)
    {
        var enqueued = Stopwatch.GetTimestamp();
        client.Enqueue(() => Probe(n));
        var deadline = Stopwatch.GetTimestamp() + Stopwatch.Frequency * 30;
        long started;
        while (!Started.TryGetValue(n, out started))
        {
            if (Stopwatch.GetTimestamp() > deadline) throw new TimeoutException($"job {n} never started");
            await Task.Delay(1);
        }
        return Stopwatch.GetElapsedTime(enqueued, started).TotalMilliseconds;
    }

    private static async Task<List<double>> NotifyRoundTripsAsync(string cs, int times)
    {
        await using var listener = new NpgsqlConnection(cs);
        await listener.OpenAsync();
        await using var sender = new NpgsqlConnection(cs);
        await sender.OpenAsync();
        long received = 0;
        listener.Notification += (_, _) => Interlocked.Exchange(ref received, Stopwatch.GetTimestamp());
        await using (var listen = new NpgsqlCommand("LISTEN bench", listener)) await listen.ExecuteNonQueryAsync();
        var trips = new List<double>(times);
        for (var i = -5; i < times; i++)
        {
            Interlocked.Exchange(ref received, 0);
            var sent = Stopwatch.GetTimestamp();
            await using (var cmd = new NpgsqlCommand("NOTIFY bench", sender)) await cmd.ExecuteNonQueryAsync();
            await listener.WaitAsync(TimeSpan.FromSeconds(5));
            var at = Interlocked.Read(ref received);
            if (at == 0) throw new TimeoutException("a NOTIFY never arrived");
            if (i >= 0) trips.Add(Stopwatch.GetElapsedTime(sent, at).TotalMilliseconds);
        }
        return trips;
    }

    private static double Percentile(List<double> values, double p)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
    }
}
