using System.Text.Json;
using Logistics.Server.Tests.Support;

namespace Logistics.Server.Tests.Cli;

public sealed class EvaluateCommandTests
{
    [Fact]
    public async Task Json_has_the_headline_figures_and_a_run_per_pre_sale_day_and_export_writes_what_they_are_computed_from()
    {
        var dir = Directory.CreateTempSubdirectory("logistics-evaluate-").FullName;
        try
        {
            var r = await LogisticsCli.RunAsync(new Dictionary<string, string?>(), "evaluate", "--scale", "small", "--seed", "3", "--json", "--export", dir);
            Assert.True(r.ExitCode == 0, r.Stderr + r.Stdout);
            var report = JsonDocument.Parse(r.Stdout).RootElement;
            foreach (var field in new[] { "contradictions", "blocked_precision", "blocked_recall", "warned_48h_share", "lead_hours_median", "lead_hours_p10",
                         "overload_reduction", "late_share_following", "churn_share", "merged_share", "alerts_per_merchant_median", "alerts_per_merchant_max" })
                Assert.True(report.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.Number, $"{field} in {r.Stdout[..Math.Min(400, r.Stdout.Length)]}");
            Assert.Equal(0, report.GetProperty("contradictions").GetInt32());
            var runs = report.GetProperty("runs").EnumerateArray().ToList();
            Assert.Equal(12, runs.Count);
            Assert.All(runs, run => Assert.True(run.GetProperty("figures").TryGetProperty("blocked_precision", out _)));

            // The export: natural and following parcels per node-hour with capacity, and every run's alerts and windows.
            var nodes = File.ReadLines(Path.Combine(dir, "node_hours.csv")).ToList();
            Assert.Equal("run_at,node_kind,node,carrier,hour,capacity,parcels", nodes[0]);
            Assert.Contains(nodes, l => l.StartsWith("natural,", StringComparison.Ordinal));
            Assert.Equal(13, nodes.Skip(1).Select(l => l.Split(',')[0]).Distinct().Count());   // natural + 12 runs
            Assert.Equal("run_at,id,level,node_kind,node,carrier,start_hour,end_hour", File.ReadLines(Path.Combine(dir, "alerts.csv")).First());
            Assert.True(File.ReadLines(Path.Combine(dir, "windows.csv")).Count() > 12);
            // The same numbers as the JSON printed.
            Assert.Equal(report.GetProperty("blocked_precision").GetDouble(),
                JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "report.json"))).RootElement.GetProperty("blocked_precision").GetDouble());
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Fact]
    public async Task A_bad_scale_is_bad_usage()
    {
        var r = await LogisticsCli.RunAsync(new Dictionary<string, string?>(), "evaluate", "--scale", "huge");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--scale is small or national", r.Stderr);
    }
}
