namespace Logistics.Server.Dashboard;

internal static class DashboardEndpoints
{
    public static void MapDashboard(this IEndpointRouteBuilder app)
    {
        app.MapDashboardLogin();
        var view = app.MapGroup("/ops").RequireAuthorization(DashboardSetup.ViewPolicy).ExcludeFromDescription();
        var act = app.MapGroup("/ops").RequireAuthorization(DashboardSetup.ActPolicy).ExcludeFromDescription();
        view.MapGet("", OverviewPage.RenderAsync);
        view.MapGet("/jobs", JobsPage.RenderAsync);
        view.MapGet("/jobs/cron", JobsPage.CronFormAsync);
        view.MapGet("/history", HistoryPage.RenderAsync);
        view.MapGet("/uploads", UploadsPage.RenderAsync);
        view.MapGet("/runs", RunsPage.RenderAsync);
        view.MapGet("/runs/{id:long}", RunsPage.RunAsync);
        view.MapGet("/network", NetworkPage.RenderAsync);
        JobsPage.MapActions(act);
    }
}
