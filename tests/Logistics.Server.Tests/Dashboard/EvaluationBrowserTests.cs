using System.Text.RegularExpressions;
using Logistics.Scenarios;
using Logistics.Scenarios.Evaluation;
using Logistics.Server.Evaluation;
using Logistics.Server.Tests.Support;
using Microsoft.Playwright;

namespace Logistics.Server.Tests.Dashboard;

[Collection(ProcessHeavy.Name)]
public sealed class EvaluationBrowserTests(TestHost host) : BrowserTest, IClassFixture<TestHost>
{
    [Fact]
    public async Task The_replays_page_shows_a_stored_replay_headline_its_classes_and_a_line_per_run()
    {
        var report = Replay.Run(ScenarioScale.Small, 3, appliances: true);
        await EvaluationStore.SaveAsync(host.Db, report, CancellationToken.None);

        var page = await LogInAsync(host.BaseAddress, await host.KeyAsync("ops", readOnly: true));

        await page.ClickAsync("header >> text=Replays");
        Assert.Contains("D11-2026 (small, seed 3)", await page.InnerTextAsync("h2"));
        var cards = await page.InnerTextAsync(".cards.evaluation");
        Assert.Contains($"blocked precision\n{report.BlockedPrecision * 100:0.0} %", cards.Replace("\r", ""));
        Assert.Contains("contradictions\n0", cards.Replace("\r", ""));
        Assert.Contains($"merged into longer alerts\n{report.MergedShare * 100:0.0} %", cards.Replace("\r", ""));
        // A world with appliances: a row per handling class, the bulky one with its own overloaded hours.
        Assert.Equal(3, await page.Locator("table.classes tr").CountAsync());
        var bulky = report.Classes!.Single(c => c.Handling == "bulky").Figures;
        Assert.StartsWith($"bulky\t{bulky.OverloadedHours:N0}\t{bulky.BlockedPrecision * 100:0.0} %", await page.InnerTextAsync("table.classes tr:nth-child(3)"));
        // A header row and one row per planning run of the replay.
        Assert.Equal(report.Runs.Count + 1, await page.Locator("table:not(.classes) tr").CountAsync());
        Assert.Contains("2026-10-20", await page.InnerTextAsync("table:not(.classes)"));
    }
}
