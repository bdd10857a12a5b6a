using System.Diagnostics;
using System.Globalization;
using Logistics.Domain.Forecasting;
using Logistics.Scenarios;
using Logistics.Server.Cli;

namespace Logistics.Benchmarks;

/// <summary>
/// The signal forecast of a generated scenario (default national: 100,000 merchants, 2,000
/// warehouses, 20 carriers × 30 hubs) against the time to generate its inputs in the same run: the
/// current campaign's signals as of the as-of date, and both past campaigns' signals and outcomes,
/// held in memory as the planning run's snapshot holds them (columns; generated as records and
/// converted, which counts as generating). The hourly handovers are aggregated
/// as they stream out, as the forecast's contract asks at this size.
/// </summary>
internal static class ForecastBenchmark
{
    public static Task RunAsync(Args args, TextWriter stdout)
    {
        var scaleText = args.Option("scale") ?? "national";
        var seed = ulong.Parse(args.Option("seed") ?? "42", CultureInfo.InvariantCulture);
        args.RejectUnknown();
        var scale = scaleText switch
        {
            "small" => ScenarioScale.Small,
            "national" => ScenarioScale.National,
            _ => throw new UsageException($"--scale is small or national, not '{scaleText}'"),
        };

        // CPU time beside wall time: on a shared machine the wall clock also measures the neighbours.
        static double Cpu() => Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
        var cpu = Cpu();
        var clock = Stopwatch.StartNew();
        var scenario = ScenarioGenerator.Generate(scale, seed);
        // The inputs as a planning run has them: columns (built here from the generated records, which are then dropped).
        var input = new ForecastInput(scenario.Current, scenario.AsOf, scenario.Signals(scenario.Current).ToList(),
            scenario.PastCampaigns.Select(c => new PastCampaign(c, scenario.Signals(c).ToList(), scenario.Outcomes(c).ToList())).ToList(), scenario.Network).ToColumns();
        var inputs = clock.Elapsed.TotalSeconds;
        var inputsCpu = Cpu() - cpu;
        var signals = input.Signals.Rows;
        var pastSignals = input.Past.Sum(p => p.Signals.Rows);
        var outcomes = input.Past.Sum(p => p.Outcomes.Rows);
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"generated {scaleText} scenario (seed {seed}): {scenario.Network.Merchants.Count:N0} merchants, {signals:N0} current signal rows as of {scenario.AsOf:yyyy-MM-dd}, {pastSignals:N0} past signal rows, {outcomes:N0} past outcome rows"));

        cpu = Cpu();
        clock.Restart();
        var forecast = SignalForecaster.Forecast(input);
        long handovers = 0;
        double parcels = 0;
        foreach (var pair in forecast.Pairs)
        {
            handovers += pair.Count;
            for (var i = 0; i < pair.Count; i++) parcels += pair.P50[i];
        }
        var seconds = clock.Elapsed.TotalSeconds;
        var forecastCpu = Cpu() - cpu;
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
            | step | rows | seconds | CPU seconds |
            |---|---:|---:|---:|
            | generate the inputs (scenario, current signals, past signals and outcomes) | {signals + pastSignals + outcomes:N0} | {inputs:F2} | {inputsCpu:F2} |
            | forecast: fit on the past campaigns, predict, stream the hourly handovers ({forecast.Days.Count:N0} unit-days, {parcels:N0} parcels P50) | {handovers:N0} | {seconds:F2} | {forecastCpu:F2} |

            ratio (forecast / generating its inputs): {seconds / inputs:F2}x
            forecast {seconds:F1} s (goal < 30 s: {(seconds < 30 ? "met" : "not met")})
            peak memory (VmHWM, whole process): {PeakMemory.Megabytes():N0} MB
            """));
        Scoreboard.Add(new Score("forecast", $"{scaleText} scenario, fit and predict (CPU {forecastCpu:F1} s)", $"{seconds:F1} s",
            $"generating its inputs {inputs:F1} s", Scoreboard.Ratio(seconds / inputs), "< 30 s (national)", seconds < 30 && scaleText == "national"));
        return Task.CompletedTask;
    }
}
