using System.Text.RegularExpressions;
using Logistics.Server.Planning;
using Logistics.Server.Tests.Planning;
using Logistics.Server.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Playwright;

namespace Logistics.Server.Tests.Dashboard;

[Collection(ProcessHeavy.Name)]
public sealed class NetworkViewBrowserTests(SmallWorldHost host) : BrowserTest, IClassFixture<SmallWorldHost>
{

    [Fact]
    public async Task The_runs_page_and_the_network_chart_show_the_peak_the_cut_and_the_alerts()
    {
        var run = await new PlanningRun(host.Db, TestClock.Provider, NullLogger<PlanningRun>.Instance).RunAsync("D11-2026", "manual", "test", null, CancellationToken.None);
        Assert.Equal("published", run.Status);

        var page = await LogInAsync(host.BaseAddress, await host.KeyAsync("ops", readOnly: true));

        await page.ClickAsync("header >> text=Planning runs");
        var row = page.Locator("tr", new() { HasText = "published" }).First;
        Assert.Contains("snapshot", await row.InnerTextAsync());
        await row.Locator("a").First.ClickAsync();
        Assert.Contains($"Planning run {run.RunId}", await page.InnerTextAsync("h1"));
        Assert.Contains("created", await page.InnerTextAsync("table"));

        await page.GotoAsync("/ops/network?campaign=D11-2026");
        // The most loaded node is SF's Shanghai hub, capped at 50 parcels an hour on 11.11.
        Assert.Equal("SF-SH", (await page.Locator("table tr td a").First.InnerTextAsync()).Trim());
        var chart = page.Locator("svg[aria-label='load and capacity by hour']");
        Assert.Equal(1, await chart.Locator("path.capacity").CountAsync());
        Assert.Equal(1, await chart.Locator("path[class='shaved plan']").CountAsync());
        Assert.True(await chart.Locator("rect.alert").CountAsync() >= 1, "the alert range should be shaded");
        await page.ScreenshotAsync(new() { Path = Path.Combine(Browser.ArtifactsDirectory, "ops-network.png"), FullPage = true });
    }
}
