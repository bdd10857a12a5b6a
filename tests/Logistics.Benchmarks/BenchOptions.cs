using System.Globalization;
using Logistics.Scenarios;
using Logistics.Server.Cli;

namespace Logistics.Benchmarks;

/// <summary>The options several benchmarks share: the generated scenario's size and seed, and wrk.</summary>
internal static class BenchOptions
{
    /// <summary>`--scale national|small` (national by default), with `--merchants N` overriding its merchants and `--appliances` adding appliance sellers.</summary>
    public static ScenarioSize Scale(Args args)
    {
        var scale = (args.Option("scale") ?? "national") switch
        {
            "national" => ScenarioSize.National,
            "small" => ScenarioSize.Small,
            var other => throw new UsageException($"--scale is small or national, not '{other}'"),
        };
        if (args.Flag("appliances")) scale = scale.WithAppliances();
        return args.Option("merchants") is { } m ? scale with { Merchants = int.Parse(m, CultureInfo.InvariantCulture) } : scale;
    }

    public static ulong Seed(Args args, ulong fallback = 11) =>
        args.Option("seed") is { } s ? ulong.Parse(s, CultureInfo.InvariantCulture) : fallback;

    public static void RequireWrk()
    {
        if (!File.Exists("/usr/bin/wrk") && !File.Exists("/usr/local/bin/wrk"))
            throw new InvalidOperationException("wrk is not installed: apt-get install wrk");
    }
}
