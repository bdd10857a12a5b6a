using System.Globalization;
using System.Text;

namespace Logistics.Domain.Backtesting;

/// <summary>The human rendering of a <see cref="RollingReport"/> (<c>backtest --rolling</c> without <c>--json</c>).</summary>
public static class RollingText
{
    public static string Render(RollingReport report)
    {
        var ci = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.AppendLine(ci, $"{"peak",-12}{"cutoff",-12}{"",-7}{"WAPE",7}{"bias",8}{"pin.5",7}{"pin.9",7}{"P90 cov",9}{"P90/P50",9}{"WAPE÷naive",12}{"pin.9÷naive",13}");
        foreach (var p in report.Peaks)
        {
            Row(sb, p.Peak, p.Cutoff.ToString("yyyy-MM-dd", ci), "model", p.Model, p.Model.Wape / p.Naive.Wape, p.Model.Pinball90 / p.Naive.Pinball90);
            Row(sb, "", "", "naive", p.Naive, null, null);
            sb.AppendLine(ci, $"{"",-24}chosen on: {(p.TrainingPeaks.Count == 0 ? "nothing earlier" : string.Join(", ", p.TrainingPeaks))}; {p.Parameters}; naive band ×{p.NaiveBandRatio:0.000}");
            var h = p.Hindsight;
            sb.AppendLine(ci, $"{"",-24}hindsight, on this window's own errors (not a forecast): one band covering 90 % ×{h.UniformRatio:0.000}; the band cells: mean P90/P50 {h.CellsMeanRatio:0.000} at {h.CellsCoverage:0.0%}");
        }
        Row(sb, "mean", "", "model", report.ModelMean, report.ModelMean.Wape / report.NaiveMean.Wape, report.ModelMean.Pinball90 / report.NaiveMean.Pinball90);
        Row(sb, "", "", "naive", report.NaiveMean, null, null);
        foreach (var n in report.NotScored) sb.AppendLine(ci, $"not scored: {n}");
        return sb.ToString();
    }

    private static void Row(StringBuilder sb, string peak, string cutoff, string what, ForecastScore s, double? wapeRatio, double? pinballRatio)
    {
        var ci = CultureInfo.InvariantCulture;
        sb.Append(ci, $"{peak,-12}{cutoff,-12}{what,-7}{s.Wape,7:0.000}{s.Bias,8:+0.000;-0.000}{s.Pinball50,7:0.000}{s.Pinball90,7:0.000}{s.P90Coverage,9:0.0%}{s.MeanP90OverP50,9:0.000}");
        if (wapeRatio is { } w) sb.Append(ci, $"{w,12:0.000}{pinballRatio,13:0.000}");
        sb.AppendLine();
    }
}
