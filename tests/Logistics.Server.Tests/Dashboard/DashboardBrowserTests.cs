using System.Text.RegularExpressions;
using Dapper;
using Hangfire;
using Hangfire.States;
using Logistics.Server.Capacity;
using Logistics.Server.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Npgsql;

namespace Logistics.Server.Tests.Dashboard;

/// <summary>
/// The ops dashboard in Chromium: our pages and Hangfire's under /ops/jobs behind one login, the
/// Schedules page's commands, Hangfire's requeue, and what read-only keys, forged POSTs and
/// strangers get.
/// </summary>
[Collection(ProcessHeavy.Name)]
public sealed class DashboardBrowserTests(TestHost host) : BrowserTest, IClassFixture<TestHost>
{
    /// <summary>Jobs someone made, not the recurring schedules' own firings (the sweep fires every 30 s while a test runs).</summary>
    private const string JobsNotFromSchedules = """
        SELECT count(*) FROM hangfire.job j
        WHERE NOT EXISTS (SELECT 1 FROM hangfire.jobparameter p WHERE p.jobid = j.id AND p.name = 'RecurringJobId')
        """;

    private Task<IPage> LogInAsync(string key) => LogInAsync(host.BaseAddress, key, height: 900, start: "/ops");

    private async Task<NpgsqlConnection> OpenAsync()
    {
        var conn = new NpgsqlConnection(host.ConnectionString);
        await conn.OpenAsync();
        return conn;
    }

    /// <summary>A sweep job (not retried) created straight in Failed, as a run that threw, for the requeue.</summary>
    private string FailedJob() => host.Services.GetRequiredService<IBackgroundJobClient>()
        .Create<CapacitySweepJob>(j => j.RunAsync(CancellationToken.None), new FailedState(new InvalidOperationException("the disk was full")));

    private static Task<string?> ScheduleAsync(NpgsqlConnection conn, string job) =>
        conn.ExecuteScalarAsync<string?>("SELECT cron || CASE WHEN paused THEN ' paused' ELSE '' END FROM job_schedules WHERE job_id = @job", new { job });

    private static Task<string?> HangfireCronAsync(NpgsqlConnection conn, string job) =>
        conn.ExecuteScalarAsync<string?>("SELECT value FROM hangfire.hash WHERE key = @key AND field = 'Cron'", new { key = $"recurring-job:{job}" });

    [Fact]
    public async Task Ops_plans_now_and_at_a_time_edits_a_cron_with_a_preview_pauses_and_resumes_and_requeues_a_failed_job()
    {
        await using var conn = await OpenAsync();
        var page = await LogInAsync(await host.KeyAsync("ops"));
        var cookie = (await page.Context.CookiesAsync()).Single(c => c.Name == "logistics_ops");
        Assert.True(cookie.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, cookie.SameSite);
        Assert.Contains("Each carrier's last capacity upload", await page.InnerTextAsync("main"));

        // Our pages link to Hangfire's dashboard, and it links back.
        await page.ClickAsync("header >> text=Jobs (Hangfire)");
        await page.WaitForURLAsync(new Regex("/ops/jobs/?$"));
        Assert.Contains("Hangfire", await page.TitleAsync());
        await page.ClickAsync(".navbar a:has-text('Schedules')");
        await page.WaitForURLAsync(new Regex("/ops/jobs/schedules"));

        // A planning run now: queued on Hangfire and run by this node's worker.
        await page.ClickAsync("form.plan-now button");
        var flash = await page.InnerTextAsync(".flash");
        Assert.Contains("Queued a planning run of every active campaign now", flash);
        var planJob = Regex.Match(flash, @"job (\d+)").Groups[1].Value;
        await HangfireJobs.WaitSucceededAsync(conn, planJob);

        // A one-off run at a given time: a scheduled job, listed under Hangfire's Scheduled jobs.
        var at = DateTime.UtcNow.AddDays(2);
        await page.FillAsync("form.plan-at input[name=at]", at.ToString("yyyy-MM-ddTHH:mm"));
        await page.ClickAsync("form.plan-at button");
        var scheduled = Regex.Match(await page.InnerTextAsync(".flash"), @"job (\d+)").Groups[1].Value;
        Assert.Equal("Scheduled", await HangfireJobs.StateAsync(conn, scheduled));
        await page.GotoAsync("/ops/jobs/jobs/scheduled");
        Assert.Contains("Plan", await page.InnerTextAsync("table"));

        // The cron editor: preview (read aloud, next five fires) before saving.
        await page.GotoAsync("/ops/jobs/schedules");
        await page.Locator("tr[data-job='maintenance.retention'] >> text=Edit schedule").ClickAsync();
        await page.FillAsync("input[name=cron]", "*/15 * * * *");
        await page.ClickAsync("button:has-text('Preview')");
        Assert.Contains("every 15 minutes", await page.InnerTextAsync(".preview"));
        Assert.Equal(5, await page.Locator("ol.fires li").CountAsync());
        await page.ClickAsync("button:has-text('Save this schedule')");
        Assert.Contains("Saved the schedule of maintenance.retention", await page.InnerTextAsync(".flash"));
        Assert.Equal("*/15 * * * *", await ScheduleAsync(conn, "maintenance.retention"));
        Assert.Equal("*/15 * * * *", await HangfireCronAsync(conn, "maintenance.retention"));
        await page.GotoAsync("/ops/jobs/schedules?edit=maintenance.retention&cron=61+*+*");
        Assert.Contains("Not a valid cron expression", await page.InnerTextAsync("body"));
        Assert.Equal(0, await page.Locator("button:has-text('Save this schedule')").CountAsync());

        // Pause and resume: out of Hangfire's recurring jobs and back.
        await page.GotoAsync("/ops/jobs/schedules");
        await page.Locator("tr[data-job='planning.plan'] button:has-text('Pause')").ClickAsync();
        Assert.Contains("Paused planning.plan", await page.InnerTextAsync(".flash"));
        Assert.Contains("paused", await page.InnerTextAsync("tr[data-job='planning.plan'] .state"));
        Assert.EndsWith(" paused", await ScheduleAsync(conn, "planning.plan"));
        Assert.Null(await HangfireCronAsync(conn, "planning.plan"));
        await page.Locator("tr[data-job='planning.plan'] button:has-text('Resume')").ClickAsync();
        Assert.Contains("Resumed planning.plan", await page.InnerTextAsync(".flash"));
        Assert.Equal("*/15 * * * *", await HangfireCronAsync(conn, "planning.plan"));

        // A failed job, with its exception, requeued from Hangfire's own page: it runs and succeeds.
        var failed = FailedJob();
        await page.GotoAsync("/ops/jobs/jobs/failed");
        Assert.Contains("the disk was full", await page.InnerTextAsync("body"));
        await page.GotoAsync($"/ops/jobs/jobs/details/{failed}");
        // Hangfire's button posts, then reloads the page: wait for that before going on.
        var reloaded = page.WaitForRequestFinishedAsync(new() { Predicate = r => r.IsNavigationRequest && r.Url.Contains($"/jobs/details/{failed}", StringComparison.Ordinal) });
        await page.ClickAsync("button:has-text('Requeue')");
        await reloaded;
        await HangfireJobs.WaitLeftAsync(conn, failed, "Failed");
        await HangfireJobs.WaitSucceededAsync(conn, failed);
        await page.GotoAsync("/ops/jobs/servers");
        Assert.Contains("ingest", await page.InnerTextAsync("body"));
        await page.ScreenshotAsync(new() { Path = Path.Combine(Browser.ArtifactsDirectory, "ops-hangfire-servers.png"), FullPage = true });
        await page.GotoAsync("/ops/jobs/schedules");
        await page.ScreenshotAsync(new() { Path = Path.Combine(Browser.ArtifactsDirectory, "ops-schedules.png"), FullPage = true });
    }

    [Fact]
    public async Task A_read_only_key_sees_the_dashboards_and_can_change_nothing()
    {
        await using var conn = await OpenAsync();
        var failed = FailedJob();
        var before = (await ScheduleAsync(conn, "planning.plan"), await ScheduleAsync(conn, "maintenance.retention"));
        var jobsBefore = await conn.ExecuteScalarAsync<long>(JobsNotFromSchedules);
        var page = await LogInAsync(await host.KeyAsync("ops", readOnly: true));

        await page.GotoAsync("/ops/jobs/schedules");
        Assert.Contains("maintenance.retention", await page.InnerTextAsync("table.schedules"));
        Assert.Equal(0, await page.Locator("main form[method=post], .container form[method=post]").CountAsync());
        Assert.Equal(0, await page.Locator("text=Edit schedule").CountAsync());
        await page.GotoAsync($"/ops/jobs/jobs/details/{failed}");
        Assert.Equal(0, await page.Locator("button:has-text('Requeue')").CountAsync());

        // Posted anyway, with a valid session and a valid anti-forgery token: refused, nothing changes.
        var token = await page.GetAttributeAsync("meta[name=csrf-token]", "content");
        Assert.False(string.IsNullOrEmpty(token));
        var headers = new Dictionary<string, string> { ["RequestVerificationToken"] = token! };
        var requeue = await page.APIRequest.PostAsync($"/ops/jobs/jobs/actions/requeue/{failed}", new() { Headers = headers });
        Assert.Equal(401, requeue.Status);
        foreach (var (path, form) in new[]
                 {
                     ("/ops/jobs/schedules/pause", page.APIRequest.CreateFormData().Append("job", "planning.plan")),
                     ("/ops/jobs/schedules/cron", page.APIRequest.CreateFormData().Append("job", "maintenance.retention").Append("cron", "0 1 * * *")),
                     ("/ops/jobs/schedules/plan-now", page.APIRequest.CreateFormData().Append("campaign", "")),
                 })
        {
            var response = await page.APIRequest.PostAsync(path, new() { Form = form, Headers = headers, MaxRedirects = 0 });
            Assert.True(response.Status is 401 or 403, $"{path}: {response.Status}");
        }
        Assert.Equal("Failed", await HangfireJobs.StateAsync(conn, failed));
        Assert.Equal(before, (await ScheduleAsync(conn, "planning.plan"), await ScheduleAsync(conn, "maintenance.retention")));
        Assert.Equal(jobsBefore, await conn.ExecuteScalarAsync<long>(JobsNotFromSchedules));
    }

    [Fact]
    public async Task A_post_without_the_anti_forgery_token_is_refused_and_a_wrong_key_cannot_log_in()
    {
        await using var conn = await OpenAsync();
        var failed = FailedJob();
        var before = await ScheduleAsync(conn, "planning.plan");
        var page = await LogInAsync(await host.KeyAsync("ops"));
        await page.GotoAsync("/ops/jobs/schedules");
        var pause = await page.APIRequest.PostAsync("/ops/jobs/schedules/pause", new() { Form = page.APIRequest.CreateFormData().Append("job", "planning.plan"), MaxRedirects = 0 });
        Assert.Equal(403, pause.Status);
        var requeue = await page.APIRequest.PostAsync($"/ops/jobs/jobs/actions/requeue/{failed}");
        Assert.Equal(403, requeue.Status);
        Assert.Equal(before, await ScheduleAsync(conn, "planning.plan"));
        Assert.Equal("Failed", await HangfireJobs.StateAsync(conn, failed));

        var carrierKey = await host.KeyAsync("carrier", await CarrierAsync());
        var context = await Chromium.NewContextAsync(new BrowserNewContextOptions { BaseURL = host.BaseAddress.ToString() });
        var other = await context.NewPageAsync();
        await other.GotoAsync("/ops/login");
        await other.FillAsync("input[name=key]", carrierKey);
        await other.ClickAsync("button[type=submit]");
        Assert.Contains("Only ops keys", await other.InnerTextAsync("form"));
    }

    [Fact]
    public async Task Without_a_login_nothing_of_the_dashboard_is_served()
    {
        var context = await Chromium.NewContextAsync(new BrowserNewContextOptions { BaseURL = host.BaseAddress.ToString() });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/ops/jobs");
        Assert.Contains("/ops/login", page.Url);
        Assert.DoesNotContain("Hangfire", await page.ContentAsync());
        foreach (var path in new[] { "/ops/jobs", "/ops/jobs/", "/ops/jobs/schedules", "/ops/jobs/jobs/failed", "/ops/jobs/servers", "/ops/jobs/recurring", "/ops/jobs/js1825", "/ops/jobs/css1825" })
        {
            var response = await page.APIRequest.GetAsync(path, new() { MaxRedirects = 0 });
            Assert.True(response.Status is 302 or 401, $"{path}: {response.Status}");
            Assert.DoesNotContain("Hangfire", await response.TextAsync());
        }
        var stats = await page.APIRequest.PostAsync("/ops/jobs/stats", new() { MaxRedirects = 0 });
        Assert.True(stats.Status is 302 or 401, $"stats: {stats.Status}");
        // A Bearer key that is not ops is refused too.
        var merchant = await page.APIRequest.GetAsync("/ops/jobs", new() { Headers = new Dictionary<string, string> { ["Authorization"] = $"Bearer {await host.KeyAsync("carrier", await CarrierAsync())}" }, MaxRedirects = 0 });
        Assert.True(merchant.Status is 403 or 302, $"carrier key: {merchant.Status}");
    }

    private async Task<string> CarrierAsync()
    {
        await using var conn = await host.Db.OpenConnectionAsync();
        await using var cmd = new NpgsqlCommand("INSERT INTO carriers (code, name) VALUES ('C-UI', 'UI carrier') ON CONFLICT (code) DO NOTHING", conn);
        await cmd.ExecuteNonQueryAsync();
        return "C-UI";
    }
}
