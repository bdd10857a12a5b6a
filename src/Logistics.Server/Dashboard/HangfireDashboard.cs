using Hangfire;
using Hangfire.Dashboard;

namespace Logistics.Server.Dashboard;

/// <summary>
/// Hangfire's dashboard under /ops/jobs, behind the ops login (the dashboard's authorization
/// policy; Hangfire's own local-only filter is replaced by it), read-only for read-only keys
/// (Hangfire's built-in commands then answer 401), with anti-forgery (Hangfire checks every POST
/// because IAntiforgery is registered; its cookie's path, /ops, covers the dashboard). Our
/// Schedules page and its commands add what Hangfire lacks: cron edit with a preview, pause and
/// resume, and a planning run now or at a given time.
/// </summary>
internal static class HangfireDashboard
{
    public const string Path = "/ops/jobs";
    public const string SchedulesRoute = "/schedules";

    private static readonly Lazy<bool> Extended = new(() =>
    {
        // Hangfire's routes and menu are process-wide: added once however many hosts a process builds.
        DashboardRoutes.Routes.AddRazorPage(SchedulesRoute, _ => new SchedulesPage());
        ScheduleCommands.Map(DashboardRoutes.Routes);
        NavigationMenu.Items.Add(page => new MenuItem("Schedules", page.Url.To(SchedulesRoute))
        {
            Active = page.RequestPath.StartsWith(SchedulesRoute, StringComparison.OrdinalIgnoreCase),
        });
        NavigationMenu.Items.Add(_ => new MenuItem("Planning runs", "/ops/runs"));
        return true;
    });

    public static void MapJobsDashboard(this IEndpointRouteBuilder app)
    {
        _ = Extended.Value;
        app.MapHangfireDashboardWithAuthorizationPolicy(DashboardSetup.ViewPolicy, Path, new DashboardOptions
        {
            AppPath = "/ops",   // Hangfire's "Back to site": our overview
            DashboardTitle = "Logistics jobs · Hangfire",
            DisplayStorageConnectionString = false,
            IsReadOnlyFunc = context => Dashboard.Caller(context.GetHttpContext()).ReadOnly,
        });
    }
}
