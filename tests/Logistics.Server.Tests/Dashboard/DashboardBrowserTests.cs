using System.Text.RegularExpressions;
using Logistics.Server.Tests.Support;
using Microsoft.Playwright;

namespace Logistics.Server.Tests.Dashboard;

[Collection(ProcessHeavy.Name)]
public sealed class DashboardBrowserTests(TestHost host) : BrowserTest, IClassFixture<TestHost>
{

    private async Task<IPage> LogInAsync(string key)
    {
        var context = await Chromium.NewContextAsync(new BrowserNewContextOptions { BaseURL = host.BaseAddress.ToString(), ViewportSize = new() { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/ops");
        Assert.EndsWith("/ops/login?ReturnUrl=%2Fops", page.Url);
        await page.FillAsync("input[name=key]", key);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync(new Regex("/ops$"));
        return page;
    }

    [Fact]
    public async Task Ops_logs_in_triggers_a_job_sees_it_in_history_and_edits_its_schedule()
    {
        var page = await LogInAsync(await host.KeyAsync("ops"));
        Assert.Contains("this node", await page.InnerTextAsync("main"));
        var cookie = (await page.Context.CookiesAsync()).Single(c => c.Name == "logistics_ops");
        Assert.True(cookie.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, cookie.SameSite);

        await page.ClickAsync("header >> text=Jobs");
        var row = page.Locator("tr", new() { HasText = "maintenance.retention" }).First;
        await row.Locator("button", new() { HasText = "Trigger now" }).ClickAsync();
        Assert.Contains("Triggered maintenance.retention", await page.InnerTextAsync(".flash"));

        // The worker runs it; the execution shows up in the history every node writes to the database.
        var seen = false;
        for (var i = 0; i < 60 && !seen; i++)
        {
            await page.GotoAsync("/ops/history?job=retention");
            seen = await page.Locator("td", new() { HasText = "maintenance.retention" }).CountAsync() > 0;
            if (!seen) await Task.Delay(500);
        }
        Assert.True(seen, "the triggered run never appeared in the history");
        Assert.Contains("Skipped", await page.InnerTextAsync("table"));   // nothing to delete in a fresh database

        await page.GotoAsync("/ops/jobs");
        await page.ClickAsync("text=Edit schedule");
        await page.FillAsync("input[name=cron]", "0 0/15 * * * ?");
        await page.ClickAsync("button:has-text('Preview')");
        Assert.Contains("every 15 minutes", await page.InnerTextAsync("main"));
        Assert.Equal(5, await page.Locator("ol li").CountAsync());
        await page.ClickAsync("button:has-text('Save this schedule')");
        Assert.Contains("Saved the schedule", await page.InnerTextAsync(".flash"));
        Assert.Contains("0 0/15 * * * ?", await page.InnerTextAsync("table"));

        await page.GotoAsync("/ops/jobs/cron?group=maintenance&name=retention.schedule&cron=61+*+*");
        Assert.Contains("Not a valid cron expression", await page.InnerTextAsync("main"));
        Assert.Equal(0, await page.Locator("button:has-text('Save this schedule')").CountAsync());

        await page.GotoAsync("/ops");
        await page.ScreenshotAsync(new() { Path = Path.Combine(Browser.ArtifactsDirectory, "ops-overview.png"), FullPage = true });
        // The retention run found nothing to delete: it is in the chart as a skipped run.
        Assert.True(await page.Locator("svg[aria-label='runs per hour'] rect title", new() { HasTextRegex = new Regex("skipped") }).CountAsync() >= 1);
    }

    [Fact]
    public async Task A_read_only_session_sees_everything_and_can_act_on_nothing()
    {
        var page = await LogInAsync(await host.KeyAsync("ops", readOnly: true));
        await page.GotoAsync("/ops/jobs");
        Assert.Contains("maintenance.retention", await page.InnerTextAsync("table"));
        Assert.Equal(0, await page.Locator("main button").CountAsync());
        Assert.Equal(0, await page.Locator("text=Edit schedule").CountAsync());

        // A forged POST with a valid session and a valid anti-forgery token is still refused.
        var token = await page.GetAttributeAsync("header input[name=_csrf]", "value");
        var forged = await page.APIRequest.PostAsync("/ops/jobs/trigger", new() { Form = page.APIRequest.CreateFormData().Append("_csrf", token!).Append("group", "maintenance").Append("name", "retention") });
        Assert.Equal(403, forged.Status);
    }

    [Fact]
    public async Task A_post_without_the_anti_forgery_token_is_refused_and_a_wrong_key_cannot_log_in()
    {
        var page = await LogInAsync(await host.KeyAsync("ops"));
        var forged = await page.APIRequest.PostAsync("/ops/jobs/trigger", new() { Form = page.APIRequest.CreateFormData().Append("group", "maintenance").Append("name", "retention") });
        Assert.Equal(400, forged.Status);

        var merchantKey = await host.KeyAsync("carrier", await CarrierAsync());
        var context = await Chromium.NewContextAsync(new BrowserNewContextOptions { BaseURL = host.BaseAddress.ToString() });
        var other = await context.NewPageAsync();
        await other.GotoAsync("/ops/login");
        await other.FillAsync("input[name=key]", merchantKey);
        await other.ClickAsync("button[type=submit]");
        Assert.Contains("Only ops keys", await other.InnerTextAsync("form"));
    }

    private async Task<string> CarrierAsync()
    {
        await using var conn = await host.Db.OpenConnectionAsync();
        await using var cmd = new Npgsql.NpgsqlCommand("INSERT INTO carriers (code, name) VALUES ('C-UI', 'UI carrier') ON CONFLICT (code) DO NOTHING", conn);
        await cmd.ExecuteNonQueryAsync();
        return "C-UI";
    }
}
