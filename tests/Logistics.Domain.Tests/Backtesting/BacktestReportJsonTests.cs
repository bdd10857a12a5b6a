using System.Text.Json;
using Logistics.Domain.Backtesting;

namespace Logistics.Domain.Tests.Backtesting;

/// <summary>The report serialized with snake_case names is the <c>backtest --json</c> object of CONTRACTS.md.</summary>
public sealed class BacktestReportJsonTests
{
    [Fact]
    public void Snake_case_serialization_has_the_contract_names()
    {
        var report = new BacktestReport(0.2, -0.01, 0.9,
            new BacktestBaselines(new BaselineScore(0.4, -0.3), new BaselineScore(0.34, 0.0)),
            [new BacktestDay(new DateOnly(2022, 11, 1), 10, 9, 12)]);
        var json = JsonSerializer.Serialize(report, new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower });
        Assert.Equal(
            """{"wape":0.2,"bias":-0.01,"p90_coverage":0.9,"baselines":{"flat":{"wape":0.4,"bias":-0.3},"naive_lift":{"wape":0.34,"bias":0}},"days":[{"date":"2022-11-01","actual":10,"p50":9,"p90":12}]}""",
            json);
    }

    [Fact]
    public void Text_rendering_names_model_and_baselines_and_every_day()
    {
        var report = new BacktestReport(0.2, -0.01, 0.9,
            new BacktestBaselines(new BaselineScore(0.4, -0.3), new BaselineScore(0.34, 0.0)),
            [new BacktestDay(new DateOnly(2022, 11, 1), 10, 9, 12)]);
        var text = BacktestText.Render(report);
        Assert.Contains("model", text);
        Assert.Contains("naive lift", text);
        Assert.Contains("2022-11-01", text);
        Assert.Contains("90.0%", text);
    }
}
