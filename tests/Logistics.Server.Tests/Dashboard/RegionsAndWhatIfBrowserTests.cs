using System.Text.RegularExpressions;
using Logistics.Server.Tests.Regions;
using Logistics.Server.Tests.Support;
using Microsoft.Playwright;

namespace Logistics.Server.Tests.Dashboard;

/// <summary>The regions heat map and a what-if's diff, in Chromium against the real server.</summary>
[Collection(ProcessHeavy.Name)]
public sealed class RegionsAndWhatIfBrowserTests(RegionLanesWorldHost host) : BrowserTest, IClassFixture<RegionLanesWorldHost>
{
    [Fact]
    public async Task The_heat_map_opens_the_hubs_and_lanes_behind_a_slow_day_and_a_what_if_from_the_network_page_shows_its_diff_also_as_a_run()
    {
        var page = await LogInAsync(host.BaseAddress, host.OpsKey, width: 1400);

        await page.ClickAsync("header >> text=Regions");
        var heat = page.Locator("table[aria-label='regions by day']");
        Assert.Equal(["EAST", "NORTH"], (await heat.Locator("tr th:first-child").AllInnerTextsAsync()).Skip(1).Select(t => t.Trim()));
        // NORTH's receiving hub is nearly shut on Nov 12: that cell is not white, and opens SF-BJ hour by hour.
        var cell = heat.Locator("td[data-region='NORTH'][data-date='2026-11-12']");
        Assert.NotEqual("rgb(255, 255, 255)", await cell.EvaluateAsync<string>("c => getComputedStyle(c).backgroundColor"));
        await cell.Locator("a").ClickAsync();
        Assert.Contains("NORTH on Nov 12", await page.InnerTextAsync("#detail"));
        Assert.Contains("SF-BJ (SF)", await page.InnerTextAsync("main"));
        Assert.Equal(24, await page.Locator("table.hours").First.Locator("tr").CountAsync() - 1);
        // And the lanes into it: Bolt's from Beijing itself and Cora's line-haul from Shanghai, a row each with the day's 24 hours.
        var lanes = page.Locator("table.lanes");
        Assert.Equal(["SF-BJ → SF-BJ", "SF-SH → SF-BJ"], (await lanes.Locator("tr td:first-child").AllInnerTextsAsync()).Select(t => t.Trim()));
        Assert.Equal(6 + 24, await lanes.Locator("tr").Nth(1).Locator("td").CountAsync());
        Assert.Contains("Lanes into these hubs (2)", await page.InnerTextAsync("main"));
        await page.ScreenshotAsync(new() { Path = Path.Combine(Browser.ArtifactsDirectory, "ops-regions.png"), FullPage = true });

        // What if SF's Shanghai hub closes for 12 hours on 11.11?
        await page.ClickAsync("header >> text=Network");
        var form = page.Locator("form.whatif");
        await form.Locator("input[name=node]").FillAsync("SF-SH");
        await form.Locator("input[name=from]").FillAsync("2026-11-11T00:00:00+08:00");
        await form.Locator("input[name=to]").FillAsync("2026-11-11T12:00:00+08:00");
        await form.Locator("input[name=parcels]").FillAsync("0");
        await form.Locator("button[type=submit]").ClickAsync();
        await page.WaitForURLAsync(new Regex("/ops/runs/what-if/\\d+$"));
        // The page refreshes itself until the worker has run it.
        await page.Locator("b.status", new() { HasText = "finished" }).WaitForAsync(new() { Timeout = 60_000 });
        Assert.Contains("nothing of it is published", await page.InnerTextAsync("main"));
        var alerts = page.Locator("table.alerts");
        Assert.Contains("SF-SH", await alerts.InnerTextAsync());
        Assert.Contains("M-ACME", await page.InnerTextAsync("main"));
        Assert.Equal(1, await page.Locator("button", new() { HasText = "Publish this" }).CountAsync());
        await page.ScreenshotAsync(new() { Path = Path.Combine(Browser.ArtifactsDirectory, "ops-what-if.png"), FullPage = true });

        // A what-if's id is a run id no planning run has: /ops/runs/{id} shows the same diff, while the published run's page stays its own.
        var id = Regex.Match(page.Url, @"/ops/runs/what-if/(\d+)$").Groups[1].Value;
        Assert.NotEqual(host.Run.ToString(System.Globalization.CultureInfo.InvariantCulture), id);
        await page.GotoAsync($"/ops/runs/{id}");
        Assert.EndsWith($"/ops/runs/{id}", page.Url);
        Assert.Contains($"What-if {id}", await page.TitleAsync());
        Assert.Contains("nothing of it is published", await page.InnerTextAsync("main"));
        Assert.Contains("SF-SH", await page.Locator("table.alerts").InnerTextAsync());
        Assert.Equal(1, await page.Locator("button", new() { HasText = "Publish this" }).CountAsync());
        await page.GotoAsync($"/ops/runs/{host.Run}");
        Assert.Contains("Alert changes published by this run", await page.InnerTextAsync("main"));

        // A bad override comes back to the network page, named.
        await page.ClickAsync("header >> text=Network");
        await page.Locator("form.whatif input[name=node]").FillAsync("NOPE");
        await page.Locator("form.whatif input[name=from]").FillAsync("2026-11-11T00:00:00+08:00");
        await page.Locator("form.whatif input[name=to]").FillAsync("2026-11-11T12:00:00+08:00");
        await page.Locator("form.whatif input[name=factor]").FillAsync("0.5");
        await page.Locator("form.whatif button[type=submit]").ClickAsync();
        Assert.Contains("no hub or warehouse 'NOPE'", await page.InnerTextAsync(".flash"));
    }
}
