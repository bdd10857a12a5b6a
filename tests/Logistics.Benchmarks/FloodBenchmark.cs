using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Dapper;
using Logistics.Server;
using Logistics.Server.Auth;
using Logistics.Server.Cli;

namespace Logistics.Benchmarks;

/// <summary>
/// A flood of requests from one address (127.0.0.1), each with a made-up key, against the same
/// flood with one valid key, on a server with its default limits; meanwhile a legitimate merchant
/// polls ten times a second from another address (127.0.0.2). Prints, for each flood: requests/s,
/// answers by status, PostgreSQL transactions/s during it, and the merchant's p50/p99.
/// Goal (issue 24): under the random-key flood, fewer than 10 transactions/s and the merchant's p99 under 50 ms.
/// </summary>
internal static class FloodBenchmark
{
    public static async Task RunAsync(Args args, TextWriter stdout)
    {
        var seconds = int.Parse(args.Option("seconds") ?? "5", CultureInfo.InvariantCulture);
        var connections = int.Parse(args.Option("connections") ?? "32", CultureInfo.InvariantCulture);
        args.RejectUnknown();

        await using var bench = await BenchDatabase.StartAsync();
        string valid, merchant;
        await using (var conn = await bench.Database.DataSource.OpenConnectionAsync())
        {
            valid = await ApiKeyStore.CreateAsync(conn, Roles.Ops, null, false, CancellationToken.None);
            merchant = await ApiKeyStore.CreateAsync(conn, Roles.Ops, null, true, CancellationToken.None);
        }
        var app = ServerApp.Build(bench.Database, "http://127.0.0.1:0", "api");
        await app.StartAsync();
        try
        {
            var port = BenchServer.Address(app).Port;
            foreach (var (name, key) in new (string, Func<string>)[] { ("valid key", () => valid), ("random keys", RandomKey) })
            {
                var r = await FloodAsync(bench, port, key, merchant, seconds, connections);
                stdout.WriteLine($"{name,-12} {r.PerSecond,8:N0} req/s  {string.Join(", ", r.Statuses.OrderBy(s => s.Key).Select(s => $"{s.Value:N0} × {(int)s.Key}"))}");
                stdout.WriteLine($"{"",-12} PostgreSQL {r.TransactionsPerSecond,6:N1} transactions/s   merchant (other address) p50 {r.P50:N1} ms, p99 {r.P99:N1} ms over {r.Polls} polls");
                // Let the address's buckets refill before the next flood.
                await Task.Delay(TimeSpan.FromSeconds(61));
            }
        }
        finally { await app.DisposeAsync(); }
    }

    private sealed record Result(double PerSecond, IReadOnlyDictionary<HttpStatusCode, long> Statuses, double TransactionsPerSecond, double P50, double P99, int Polls);

    private static string RandomKey() => "lgk_" + Guid.NewGuid().ToString("N")[..10] + "_" + Convert.ToBase64String(Guid.NewGuid().ToByteArray().Concat(Guid.NewGuid().ToByteArray()).ToArray()).TrimEnd('=').Replace('+', '-').Replace('/', '_')[..43];

    private static async Task<Result> FloodAsync(BenchDatabase bench, int port, Func<string> key, string merchantKey, int seconds, int connections)
    {
        using var flooder = Client(port, IPAddress.Loopback);
        using var poller = Client(port, IPAddress.Parse("127.0.0.2"));
        poller.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", merchantKey);
        var statuses = new ConcurrentDictionary<HttpStatusCode, long>();
        var latencies = new ConcurrentBag<double>();
        var before = await TransactionsAsync(bench);
        var stop = DateTime.UtcNow.AddSeconds(seconds);
        var watch = Stopwatch.StartNew();
        var flood = Enumerable.Range(0, connections).Select(async _ =>
        {
            while (DateTime.UtcNow < stop)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/me");
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key());
                using var response = await flooder.SendAsync(request);
                statuses.AddOrUpdate(response.StatusCode, 1, (_, n) => n + 1);
            }
        }).ToList();
        var poll = Task.Run(async () =>
        {
            while (DateTime.UtcNow < stop)
            {
                var t = Stopwatch.StartNew();
                using var response = await poller.GetAsync("/v1/me");
                latencies.Add(t.Elapsed.TotalMilliseconds);
                await Task.Delay(100);
            }
        });
        await Task.WhenAll(flood.Append(poll));
        var elapsed = watch.Elapsed.TotalSeconds;
        var spent = await TransactionsAsync(bench) - before;
        var sorted = latencies.Order().ToArray();
        double At(double q) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
        return new Result(statuses.Values.Sum() / elapsed, statuses, spent / elapsed, At(0.5), At(0.99), sorted.Length);
    }

    private static HttpClient Client(int port, IPAddress from) => new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = 256,
        ConnectCallback = async (context, ct) =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            socket.Bind(new IPEndPoint(from, 0));
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), ct);
            return new NetworkStream(socket, ownsSocket: true);
        },
    }) { BaseAddress = new Uri($"http://127.0.0.1:{port}") };

    private static async Task<long> TransactionsAsync(BenchDatabase bench)
    {
        // Each backend reports its counts about once a second.
        await Task.Delay(1500);
        await using var conn = await bench.Database.DataSource.OpenConnectionAsync();
        return await conn.ExecuteScalarAsync<long>("SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = current_database()");
    }
}
