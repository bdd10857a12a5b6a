using System.Text.Json;
using Logistics.Server.Tests.Support;

namespace Logistics.Server.Tests.Cli;

public sealed class BacktestCommandTests
{
    private static readonly Dictionary<string, string?> NoDatabase = new() { ["LOGISTICS_DATA_DIR"] = "/nonexistent-the-backtest-needs-no-database" };

    [RealDataFact]
    public async Task On_the_real_site_series_the_json_report_has_the_contract_fields_and_beats_the_naive_lift()
    {
        var series = RealData.File("site_daily_parcels_dev.csv");
        var r = await LogisticsCli.RunAsync(NoDatabase, "backtest", "--series", series, "--campaign-days", "2021-11-11,2022-11-11",
            "--cutoff", "2022-10-31", "--from", "2022-11-01", "--to", "2022-11-15", "--json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var report = JsonDocument.Parse(r.Stdout).RootElement;
        var naive = report.GetProperty("baselines").GetProperty("naive_lift").GetProperty("wape").GetDouble();
        Assert.InRange(naive, 0.30, 0.38);   // the data README's ≈0.34: the baseline is computed as documented
        // Issue 22: the product's forecaster, parameters chosen on earlier peaks only; it beats the naive lift, not by a quarter.
        Assert.True(report.GetProperty("wape").GetDouble() < naive, $"model {report.GetProperty("wape")} vs naive {naive}");
        Assert.InRange(report.GetProperty("p90_coverage").GetDouble(), 0.5, 1.0);
        Assert.True(report.GetProperty("baselines").GetProperty("flat").TryGetProperty("bias", out _));
        var days = report.GetProperty("days").EnumerateArray().ToList();
        Assert.Equal(15, days.Count);
        Assert.All(days, d => Assert.True(d.GetProperty("p90").GetDouble() >= d.GetProperty("p50").GetDouble()));
    }

    [RealDataFact]
    public async Task Rolling_json_scores_every_peak_with_model_and_naive_figures()
    {
        var r = await LogisticsCli.RunAsync(NoDatabase, "backtest", "--series", RealData.File("route_daily_parcels_dev.csv"), "--rolling", "--json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var report = JsonDocument.Parse(r.Stdout).RootElement;
        var peaks = report.GetProperty("peaks").EnumerateArray().Select(p => p.GetProperty("peak").GetString()).ToList();
        Assert.Equal(["618 2022", "11.01 2022", "11.11 2022", "12.12 2022"], peaks);
        foreach (var name in new[] { "wape", "bias", "pinball50", "pinball90", "p90_coverage", "mean_p90_over_p50" })
        {
            Assert.True(report.GetProperty("model_mean").TryGetProperty(name, out _), name);
            Assert.True(report.GetProperty("naive_mean").TryGetProperty(name, out _), name);
        }
        Assert.True(report.GetProperty("model_mean").GetProperty("wape").GetDouble() < report.GetProperty("naive_mean").GetProperty("wape").GetDouble());
        foreach (var peak in report.GetProperty("peaks").EnumerateArray())
        {
            var hindsight = peak.GetProperty("hindsight");
            Assert.True(hindsight.GetProperty("uniform_ratio").GetDouble() >= 1);
            Assert.True(hindsight.GetProperty("cells_mean_ratio").GetDouble() >= 1);
            Assert.InRange(hindsight.GetProperty("cells_coverage").GetDouble(), 0, 1);
        }
    }

    [Theory]
    [InlineData("backtest", "--series", "x.csv", "--rolling", "--cutoff", "2022-10-31")]
    [InlineData("backtest", "--campaign-days", "2022-11-11", "--cutoff", "2022-10-31", "--from", "2022-11-01", "--to", "2022-11-15")]
    [InlineData("backtest", "--series", "x.csv", "--campaign-days", "2022-11-11", "--cutoff", "31/10/2022", "--from", "2022-11-01", "--to", "2022-11-15")]
    [InlineData("backtest", "--series", "x.csv", "--campaign-days", "2022-11-11", "--cutoff", "2022-11-05", "--from", "2022-11-01", "--to", "2022-11-15")]
    public async Task Bad_usage_exits_2(params string[] args)
    {
        var r = await LogisticsCli.RunAsync(NoDatabase, args);
        Assert.Equal(2, r.ExitCode);
        Assert.StartsWith("logistics: ", r.Stderr);
    }

    [Fact]
    public async Task A_bad_series_file_names_its_lines_and_exits_1()
    {
        var file = Path.GetTempFileName();
        await File.WriteAllTextAsync(file, "series,date,parcels\nDC1,2022-10-01,12\nDC1,2022-13-01,5\nDC1,2022-10-03,-4\n");
        try
        {
            var r = await LogisticsCli.RunAsync(NoDatabase, "backtest", "--series", file, "--campaign-days", "2021-11-11", "--cutoff", "2022-10-31", "--from", "2022-11-01", "--to", "2022-11-02");
            Assert.Equal(1, r.ExitCode);
            Assert.Contains("line 3", r.Stderr);
            Assert.Contains("line 4", r.Stderr);
        }
        finally { File.Delete(file); }
    }
}
