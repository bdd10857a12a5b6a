using Logistics.Server.Cli;

namespace Logistics.Benchmarks;

/// <summary>Benchmarks by name; `all` runs each in turn. A benchmark prints its own figures beside a reference measured in the same run.</summary>
internal static class Harness
{
    private sealed record Benchmark(string Name, string Summary, string Options, Func<Args, TextWriter, Task> RunAsync);

    private static readonly Benchmark[] Benchmarks =
    [
        new("capacity", "upload a generated capacity file through HTTP to accepted, against raw COPY of the same rows", "[--rows N]", CapacityBenchmark.RunAsync),
        new("signals", "upload a generated signals file (default 10,000,000 rows, the size the goal is stated for) through HTTP to accepted, against raw COPY of the same rows", "[--rows N]", SignalsBenchmark.RunAsync),
        new("polling", "wrk on loopback against a national-sized publication: the feed's 304 path and a 100-event page, against a bare endpoint of the same process", "[--merchants N] [--seconds S]", PollingBenchmark.RunAsync),
        new("planning", "one full planning run of a generated scenario (national: 100,000 merchants, 2,000 warehouses, 600 hubs, 14 days; --appliances: with appliance sellers and bulky lines) against just reading its snapshot, with stage times and peak memory", "[--scale national|small] [--merchants N] [--seed N] [--appliances]", PlanningBenchmark.RunAsync),
        new("planner", "the planner alone, in memory, on a generated scenario's forecast (default 10,000 merchants): the plan with headroom against the same plan without, blocked alerts and late parcels", "[--merchants N] [--seed N] [--headroom COST]", PlannerBenchmark.RunAsync),
        new("forecast", "the signal forecast of a generated scenario (default national) against generating its inputs; goal < 30 s", "[--scale small|national] [--seed N]", ForecastBenchmark.RunAsync),
        new("jobs", "enqueue on an API node to start on a worker (Hangfire, long polling), p50 and p99 over 200 jobs, against a bare NOTIFY round trip; goal p99 < 500 ms", "[--jobs N]", JobPickupBenchmark.RunAsync),
        new("flood", "random-key flood from one address against the same flood with a valid key, with a merchant polling from another address: req/s, answers, PostgreSQL transactions/s, the merchant's p50/p99 (goal < 10 tx/s, p99 < 50 ms)", "[--seconds S] [--connections N]", FloodBenchmark.RunAsync),
        new("regions", "a generated scenario (default national) planned for real: a region's status under wrk (p99, and its 304 path) next to a bare endpoint, goal p99 < 50 ms; a what-if (the busiest origin hub shut 12 h) against a normal run, goal ≤ 1.2×", "[--scale national|small] [--merchants N] [--seed N] [--seconds S]", RegionsBenchmark.RunAsync),
        new("upload-memory", "the server's RSS (idle, peak, 10 s after) over the largest upload of each kind and the hostile ones: capacity near its 512 MiB limit, signals (default 10M rows), network near 16 MiB, 28 lines of 10 MB nodes, bodies over the limit without a length; goal peak < 500 MB, after ≤ 1.2× idle", "[--rows N] [--signal-rows N]", UploadMemoryBenchmark.RunAsync),
        new("soak", "a small generated campaign served for minutes (default 10) while a merchant polls 10/s, a carrier re-uploads a day of capacity every 15 s and ops queue a planning run every minute: RSS and PostgreSQL connections after warm-up and at the end; goal growth < 10 %", "[--minutes M] [--seed N]", SoakBenchmark.RunAsync),
        new("capacity-parse", "read and check a generated capacity file in process, no database (where the load's CPU goes)", "[--rows N]", ParseBenchmark.RunAsync),
    ];

    public static async Task<int> RunAsync(string[] argv, TextWriter stdout, TextWriter stderr)
    {
        if (argv.Length == 0 || argv[0] is "help" or "--help" or "-h")
        {
            var usage = string.Join("\n", Benchmarks.Select(b => $"  {b.Name} {b.Options}\n      {b.Summary}"));
            (argv.Length == 0 ? stderr : stdout).WriteLine($"usage: Logistics.Benchmarks <name|all> [options]\n\n{usage}\n  all\n      every benchmark above, with default options");
            return argv.Length == 0 ? 2 : 0;
        }
        try
        {
            // `all` shares its options: --rows goes to every benchmark that takes rows, --merchants to every one that takes merchants.
            var args = new Args(argv[1..], new HashSet<string> { "appliances" }) { Shared = argv[0] == "all" };
            var chosen = argv[0] == "all" ? Benchmarks : Benchmarks.Where(b => b.Name == argv[0]).ToArray();
            var known = chosen.SelectMany(b => System.Text.RegularExpressions.Regex.Matches(b.Options, @"--([a-z-]+)").Select(m => m.Groups[1].Value)).ToHashSet();
            if (args.Unused.FirstOrDefault(o => !known.Contains(o)) is { } unknown && chosen.Length > 1)
                throw new UsageException($"no benchmark takes --{unknown}");
            if (chosen.Length == 0) throw new UsageException($"unknown benchmark '{argv[0]}' (one of: {string.Join(", ", Benchmarks.Select(b => b.Name))}, all)");
            var started = DateTimeOffset.Now;
            var failed = new List<string>();
            foreach (var b in chosen)
            {
                stdout.WriteLine($"== {b.Name}");
                try { await b.RunAsync(args, stdout); }
                catch (Exception e) when (chosen.Length > 1 && e is not UsageException)
                {
                    // One benchmark failing must not hide the others' figures.
                    stdout.WriteLine($"{b.Name} failed: {e.Message}");
                    failed.Add(b.Name);
                }
            }
            stdout.WriteLine();
            stdout.WriteLine("== results");
            stdout.WriteLine(Scoreboard.Table(started));
            if (failed.Count > 0) stdout.WriteLine($"\nfailed to run: {string.Join(", ", failed)}");
            return failed.Count == 0 ? 0 : 1;
        }
        catch (UsageException e)
        {
            stderr.WriteLine($"benchmarks: {e.Message}");
            return 2;
        }
    }
}
