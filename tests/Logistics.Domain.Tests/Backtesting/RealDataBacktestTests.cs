using Logistics.Domain.Backtesting;
using Xunit.Abstractions;

namespace Logistics.Domain.Tests.Backtesting;

/// <summary>The backtest figures on the real site series (issue 4 goals), pinned.</summary>
public sealed class RealDataBacktestTests(ITestOutputHelper output)
{
    private static readonly Lazy<IReadOnlyList<SeriesRow>> Rows = new(() =>
    {
        using var reader = new StreamReader(SharedData.File(SharedData.SiteSeries));
        var parsed = SeriesCsv.Parse(reader);
        Assert.True(parsed.Ok, string.Join("\n", parsed.Errors.Take(5)));
        return parsed.Rows;
    });

    private static DateOnly D(string s) => DateOnly.Parse(s, System.Globalization.CultureInfo.InvariantCulture);

    public static BacktestReport Double11() => Backtester.Run(new BacktestRequest(
        Rows.Value, [D("2021-11-11"), D("2022-11-11")], D("2022-10-31"), D("2022-11-01"), D("2022-11-15")));

    // 618: the run-up starts on 06-01 (its first peak), the campaign day is 06-18, the tail ends ~06-20.
    public static BacktestReport Mid618() => Backtester.Run(new BacktestRequest(
        Rows.Value, [D("2021-06-18"), D("2022-06-18")], D("2022-05-31"), D("2022-06-01"), D("2022-06-20")));

    [SharedDataFact]
    public void Double11_naive_lift_matches_the_issue_and_the_model_beats_it_by_a_quarter()
    {
        var r = Double11();
        output.WriteLine(BacktestText.Render(r));
        output.WriteLine($"model {r.Wape:0.0000}, naive {r.Baselines.NaiveLift.Wape:0.0000}, ratio {r.Wape / r.Baselines.NaiveLift.Wape:0.0000}");
        Assert.InRange(r.Baselines.NaiveLift.Wape, 0.335, 0.350); // issue 4: "about 0.34"
        Assert.InRange(r.Baselines.Flat.Wape, 0.39, 0.40);
        Assert.True(r.Wape <= 0.75 * r.Baselines.NaiveLift.Wape, $"model {r.Wape:0.000} vs naive {r.Baselines.NaiveLift.Wape:0.000}");
        Assert.InRange(r.P90Coverage, 0.85, 0.95);
    }

    // Issue 4's goal is 25% below the naive lift; 618 meets it with little room (0.2295 vs 0.3060 × 0.75
    // = 0.2295), so the model's WAPE is pinned too: a change that loses ground fails here.
    [SharedDataFact]
    public void Mid618_model_beats_naive_lift_by_a_quarter()
    {
        var r = Mid618();
        output.WriteLine(BacktestText.Render(r));
        output.WriteLine($"model {r.Wape:0.0000}, naive {r.Baselines.NaiveLift.Wape:0.0000}, ratio {r.Wape / r.Baselines.NaiveLift.Wape:0.0000}");
        Assert.InRange(r.Baselines.NaiveLift.Wape, 0.30, 0.31);
        Assert.InRange(r.Baselines.Flat.Wape, 0.36, 0.365);
        Assert.InRange(r.Wape, 0.225, 0.231);
        Assert.InRange(r.P90Coverage, 0.85, 0.95);
    }

    // 12.12 was never used to choose parameters; its cutoff level (late Nov 2022) is disturbed, so only
    // "not worse than the naive lift" is asserted.
    [SharedDataFact]
    public void Double12_check_window_is_not_worse_than_naive_lift()
    {
        var r = Backtester.Run(new BacktestRequest(
            Rows.Value, [D("2021-12-12"), D("2022-12-12")], D("2022-11-30"), D("2022-12-01"), D("2022-12-15")));
        output.WriteLine(BacktestText.Render(r));
        Assert.True(r.Wape <= r.Baselines.NaiveLift.Wape, $"model {r.Wape:0.000} vs naive {r.Baselines.NaiveLift.Wape:0.000}");
    }

    [SharedDataFact]
    public void Identical_input_gives_identical_output_and_P90_is_never_below_P50()
    {
        var a = Double11();
        var b = Double11();
        Assert.Equal(a.Wape, b.Wape);
        Assert.Equal(a.Days, b.Days);
        Assert.All(a.Days, d => Assert.True(d.P90 >= d.P50));
    }
}
