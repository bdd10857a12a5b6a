using Logistics.Domain.Backtesting;
using Xunit.Abstractions;

namespace Logistics.Domain.Tests.Backtesting;

/// <summary>The rolling-origin backtest of the product's forecaster on the real site series (issue 22).</summary>
public sealed class RollingBacktestTests(ITestOutputHelper output)
{
    private static readonly Lazy<IReadOnlyList<SeriesRow>> Rows = new(() =>
    {
        using var reader = new StreamReader(SharedData.File(SharedData.SiteSeries));
        var parsed = SeriesCsv.Parse(reader);
        Assert.True(parsed.Ok, string.Join("\n", parsed.Errors.Take(5)));
        return parsed.Rows;
    });

    private static readonly Lazy<RollingReport> Full = new(() => RollingBacktester.Run(Rows.Value));

    [SharedDataFact]
    public void Scores_every_peak_with_a_previous_one_in_time_order_each_chosen_only_on_earlier_peaks()
    {
        var r = Full.Value;
        output.WriteLine(RollingText.Render(r));
        Assert.Equal(["618 2022", "11.01 2022", "11.11 2022", "12.12 2022"], r.Peaks.Select(p => p.Peak));
        Assert.Equal(3, r.NotScored.Count); // the 2021 campaigns have no previous year in the file
        foreach (var p in r.Peaks)
        {
            var earlier = r.Peaks.Where(q => q.To <= p.Cutoff).Select(q => q.Peak);
            Assert.Equal(earlier, p.TrainingPeaks);
        }
        Assert.Empty(r.Peaks[0].TrainingPeaks);
        Assert.StartsWith("defaults", r.Peaks[0].Parameters);
    }

    [SharedDataFact]
    public void Rows_after_a_cutoff_do_not_change_what_was_forecast_at_it()
    {
        // Cut the file after the Double 11 horizon: 12.12 is no longer scored, the peaks before are untouched.
        var cut = RollingBacktester.Run([.. Rows.Value.Where(x => x.Date <= new DateOnly(2022, 11, 15))]);
        Assert.Equal(Full.Value.Peaks.Take(3), cut.Peaks, new PeakScoreComparer());
    }

    [SharedDataFact]
    public void The_forecaster_beats_the_naive_lift_on_the_mean_over_peaks()
    {
        var r = Full.Value;
        Assert.True(r.ModelMean.Wape < r.NaiveMean.Wape, $"model {r.ModelMean.Wape:0.000} vs naive {r.NaiveMean.Wape:0.000}");
        Assert.True(r.ModelMean.Pinball90 < r.NaiveMean.Pinball90, $"model {r.ModelMean.Pinball90:0.000} vs naive {r.NaiveMean.Pinball90:0.000}");
        Assert.All(r.Peaks, p => Assert.True(p.Model.MeanP90OverP50 >= 1));
    }

    [SharedDataFact]
    public void Hindsight_measures_the_scored_window_against_the_P50_made_at_its_cutoff()
    {
        var r = Full.Value;
        Assert.All(r.Peaks, p => Assert.True(p.Hindsight.UniformRatio >= 1 && p.Hindsight.CellsMeanRatio >= 1, p.Peak));
        // The window's actuals against the P50 made at the cutoff: twice the parcels on 11.06-11.15 need twice the band.
        var window = (From: new DateOnly(2022, 11, 6), To: new DateOnly(2022, 11, 15));
        var doubled = RollingBacktester.Run([.. Rows.Value.Select(x => x.Date >= window.From && x.Date <= window.To ? x with { Parcels = 2 * x.Parcels } : x)]);
        var (once, twice) = (r.Peaks.Single(p => p.Peak == "11.11 2022"), doubled.Peaks.Single(p => p.Peak == "11.11 2022"));
        Assert.Equal(once.Parameters, twice.Parameters);
        Assert.Equal(2 * once.Hindsight.UniformRatio, twice.Hindsight.UniformRatio, 9);
    }

    private static DateOnly D(string s) => DateOnly.Parse(s, System.Globalization.CultureInfo.InvariantCulture);

    [SharedDataFact]
    public void One_window_naive_lift_matches_the_data_readme_and_is_repeatable()
    {
        BacktestReport Run() => Backtester.Run(new BacktestRequest(
            Rows.Value, [D("2021-11-11"), D("2022-11-11")], D("2022-10-31"), D("2022-11-01"), D("2022-11-15")));
        var a = Run();
        output.WriteLine(BacktestText.Render(a));
        Assert.InRange(a.Baselines.NaiveLift.Wape, 0.335, 0.350); // the data README: "≈ 0.34"
        Assert.True(a.Wape < a.Baselines.NaiveLift.Wape, $"model {a.Wape:0.000} vs naive {a.Baselines.NaiveLift.Wape:0.000}");
        Assert.Equal(a.Days, Run().Days);
        Assert.All(a.Days, d => Assert.True(d.P90 >= d.P50));
    }

    private sealed class PeakScoreComparer : IEqualityComparer<PeakScore>
    {
        public bool Equals(PeakScore? x, PeakScore? y) => x is not null && y is not null && x.Peak == y.Peak && x.Model == y.Model
            && x.Naive == y.Naive && x.Parameters == y.Parameters && x.TrainingPeaks.SequenceEqual(y.TrainingPeaks);
        public int GetHashCode(PeakScore obj) => obj.Peak.GetHashCode(StringComparison.Ordinal);
    }
}
