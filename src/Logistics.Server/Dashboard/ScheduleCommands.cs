using Hangfire.Dashboard;
using Logistics.Server.Jobs;
using Logistics.Server.Planning;
using Microsoft.AspNetCore.Antiforgery;
using Npgsql;

namespace Logistics.Server.Dashboard;

/// <summary>
/// The Schedules page's POSTs: save a cron, pause, resume, plan now, plan at a time. Each checks
/// for itself that the caller may act (read-only: 403) and that the anti-forgery token is good
/// (403), besides Hangfire's own check, then answers 303 back to the page with what it did.
/// </summary>
internal static class ScheduleCommands
{
    public const string SaveCron = "/schedules/cron";
    public const string Pause = "/schedules/pause";
    public const string Resume = "/schedules/resume";
    public const string PlanNow = "/schedules/plan-now";
    public const string PlanAt = "/schedules/plan-at";

    public static void Map(Hangfire.Dashboard.RouteCollection routes)
    {
        routes.Add(SaveCron, new Command(async (http, form) =>
        {
            var (job, cron) = ((string?)form["job"] ?? "", ((string?)form["cron"] ?? "").Trim());
            if (!CronSchedule.TryParse(cron, out _, out var error)) return (false, $"Not saved: {error}");
            var saved = await Schedules(http).SetCronAsync(job, cron, By(http), http.RequestAborted);
            return saved ? (true, $"Saved the schedule of {job}: {cron} ({CronText.Describe(cron)}).") : (false, $"No recurring job {job}.");
        }));
        routes.Add(Pause, new Command(async (http, form) =>
        {
            var job = (string?)form["job"] ?? "";
            return await Schedules(http).PauseAsync(job, By(http), http.RequestAborted) ? (true, $"Paused {job}.") : (false, $"No recurring job {job}.");
        }));
        routes.Add(Resume, new Command(async (http, form) =>
        {
            var job = (string?)form["job"] ?? "";
            return await Schedules(http).ResumeAsync(job, By(http), http.RequestAborted) ? (true, $"Resumed {job}.") : (false, $"No recurring job {job}.");
        }));
        routes.Add(PlanNow, new Command(async (http, form) =>
        {
            var campaign = await CampaignAsync(http, form);
            if (campaign.Error is not null) return (false, campaign.Error);
            var id = PlanningJob.Enqueue(Client(http), campaign.Code);
            return (true, $"Queued a planning run of {campaign.Code ?? "every active campaign"} now: job {id}.");
        }));
        routes.Add(PlanAt, new Command(async (http, form) =>
        {
            var campaign = await CampaignAsync(http, form);
            if (campaign.Error is not null) return (false, campaign.Error);
            if (!DateTime.TryParse((string?)form["at"], System.Globalization.CultureInfo.InvariantCulture,
                    System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal, out var at))
                return (false, "Not scheduled: give the time as yyyy-MM-ddTHH:mm (UTC).");
            var when = new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc));
            if (when <= DateTimeOffset.UtcNow) return (false, $"Not scheduled: {when:yyyy-MM-dd HH:mm} UTC has passed; use Plan now.");
            var id = PlanningJob.Schedule(Client(http), campaign.Code, when);
            return (true, $"Scheduled a planning run of {campaign.Code ?? "every active campaign"} at {when:yyyy-MM-dd HH:mm} UTC: job {id}.");
        }));
    }

    private static JobSchedules Schedules(HttpContext http) => http.RequestServices.GetRequiredService<JobSchedules>();

    private static Hangfire.IBackgroundJobClient Client(HttpContext http) => http.RequestServices.GetRequiredService<Hangfire.IBackgroundJobClient>();

    private static string By(HttpContext http) => $"ops key {Dashboard.Caller(http).KeyId}";

    /// <summary>The form's campaign: empty for every active one, else a code that must exist.</summary>
    private static async Task<(string? Code, string? Error)> CampaignAsync(HttpContext http, IFormCollection form)
    {
        var code = ((string?)form["campaign"])?.Trim();
        if (string.IsNullOrEmpty(code)) return (null, null);
        await using var conn = await http.RequestServices.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync(http.RequestAborted);
        var exists = await Dapper.SqlMapper.ExecuteScalarAsync<bool>(conn, "SELECT EXISTS (SELECT 1 FROM campaigns WHERE code = @code)", new { code });
        return exists ? (code, null) : (null, $"No campaign {code}.");
    }

    private sealed class Command(Func<HttpContext, IFormCollection, Task<(bool Done, string Message)>> action) : IDashboardDispatcher
    {
        public async Task Dispatch(DashboardContext context)
        {
            var http = context.GetHttpContext();
            if (!HttpMethods.IsPost(http.Request.Method)) { http.Response.StatusCode = StatusCodes.Status405MethodNotAllowed; return; }
            if (context.IsReadOnly || Dashboard.Caller(http) is not { IsOps: true, ReadOnly: false })
            {
                http.Response.StatusCode = StatusCodes.Status403Forbidden;
                return;
            }
            try { await http.RequestServices.GetRequiredService<IAntiforgery>().ValidateRequestAsync(http); }
            catch (AntiforgeryValidationException)
            {
                http.Response.StatusCode = StatusCodes.Status403Forbidden;
                return;
            }
            var form = await http.Request.ReadFormAsync(http.RequestAborted);
            var (done, message) = await action(http, form);
            var back = $"{http.Request.PathBase}{HangfireDashboard.SchedulesRoute}?{(done ? "flash" : "error")}={Uri.EscapeDataString(message)}";
            http.Response.StatusCode = StatusCodes.Status303SeeOther;
            http.Response.Headers.Location = back;
        }
    }
}
