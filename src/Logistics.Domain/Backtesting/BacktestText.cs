using System.Globalization;
using System.Text;

namespace Logistics.Domain.Backtesting;

/// <summary>The human rendering of a <see cref="BacktestReport"/> (the CLI without <c>--json</c>).</summary>
public static class BacktestText
{
    public static string Render(BacktestReport report)
    {
        var ci = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.AppendLine(ci, $"{"",-12}{"WAPE",8}{"bias",9}{"P90 cover",11}");
        sb.AppendLine(ci, $"{"model",-12}{report.Wape,8:0.000}{report.Bias,9:+0.000;-0.000}{report.P90Coverage,11:0.0%}");
        sb.AppendLine(ci, $"{"flat",-12}{report.Baselines.Flat.Wape,8:0.000}{report.Baselines.Flat.Bias,9:+0.000;-0.000}");
        sb.AppendLine(ci, $"{"naive lift",-12}{report.Baselines.NaiveLift.Wape,8:0.000}{report.Baselines.NaiveLift.Bias,9:+0.000;-0.000}");
        sb.AppendLine();
        sb.AppendLine(ci, $"{"date",-12}{"actual",12}{"P50",12}{"P90",12}");
        foreach (var d in report.Days)
            sb.AppendLine(ci, $"{d.Date.ToString("yyyy-MM-dd", ci),-12}{d.Actual,12:0}{d.P50,12:0}{d.P90,12:0}");
        return sb.ToString();
    }
}
