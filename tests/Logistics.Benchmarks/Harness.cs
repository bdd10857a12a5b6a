using Logistics.Server.Cli;

namespace Logistics.Benchmarks;

/// <summary>Benchmarks by name; `all` runs each in turn. A benchmark prints its own figures beside a reference measured in the same run.</summary>
internal static class Harness
{
    private sealed record Benchmark(string Name, string Summary, string Options, Func<Args, TextWriter, Task> RunAsync);

    private static readonly Benchmark[] Benchmarks =
    [
        new("capacity", "upload a generated capacity file through HTTP to accepted, against raw COPY of the same rows", "[--rows N]", CapacityBenchmark.RunAsync),
        new("signals", "upload a generated signals file (default 1,000,000 rows; the goal is stated for 10,000,000) through HTTP to accepted, against raw COPY of the same rows", "[--rows N]", SignalsBenchmark.RunAsync),
        new("forecast", "the signal forecast of a generated scenario (default national) against generating its inputs; goal < 30 s", "[--scale small|national] [--seed N]", ForecastBenchmark.RunAsync),
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
            var args = new Args(argv[1..], new HashSet<string>());
            var chosen = argv[0] == "all" ? Benchmarks : Benchmarks.Where(b => b.Name == argv[0]).ToArray();
            if (chosen.Length == 0) throw new UsageException($"unknown benchmark '{argv[0]}' (one of: {string.Join(", ", Benchmarks.Select(b => b.Name))}, all)");
            foreach (var b in chosen)
            {
                stdout.WriteLine($"== {b.Name}");
                await b.RunAsync(args, stdout);
            }
            return 0;
        }
        catch (UsageException e)
        {
            stderr.WriteLine($"benchmarks: {e.Message}");
            return 2;
        }
    }
}
