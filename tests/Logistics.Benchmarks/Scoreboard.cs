using System.Globalization;

namespace Logistics.Benchmarks;

/// <summary>One goal a benchmark measured: its figure, the reference measured in the same run, the ratio and the verdict.</summary>
internal sealed record Score(string Benchmark, string Measure, string Figure, string Reference, string Ratio, string Goal, bool Met);

/// <summary>
/// What every benchmark of this run reported against its goal; the harness prints it as one table
/// at the end (the README's performance table).
/// </summary>
internal static class Scoreboard
{
    private static readonly List<Score> Scores = [];

    public static void Add(Score score)
    {
        lock (Scores) Scores.Add(score);
    }

    public static IReadOnlyList<Score> All { get { lock (Scores) return Scores.ToList(); } }

    public static string Ratio(double value) => value.ToString("0.00", CultureInfo.InvariantCulture) + "×";

    public static string Table(DateTimeOffset when)
    {
        var machine = $"{Environment.ProcessorCount} cores, {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1L << 30)} GiB, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}";
        var lines = new List<string>
        {
            $"Measured {when:yyyy-MM-dd} on {machine}.",
            "",
            "| benchmark | measure | figure | reference (same run) | ratio | goal | met |",
            "|---|---|---:|---:|---:|---|---|",
        };
        lines.AddRange(All.Select(s => $"| {s.Benchmark} | {s.Measure} | {s.Figure} | {s.Reference} | {s.Ratio} | {s.Goal} | {(s.Met ? "yes" : "**no**")} |"));
        return string.Join('\n', lines);
    }
}
