namespace Logistics.Server.Dashboard;

internal static class DashboardEndpoints
{
    public static void MapDashboard(this IEndpointRouteBuilder app)
    {
        app.MapDashboardLogin();
        var view = app.MapGroup("/ops").RequireAuthorization(DashboardSetup.ViewPolicy).ExcludeFromDescription();
        view.MapGet("", OverviewPage.RenderAsync);
        view.MapGet("/uploads", UploadsPage.RenderAsync);
        view.MapGet("/runs", RunsPage.RenderAsync);
        view.MapGet("/runs/{id:long}", RunsPage.RunAsync);
        view.MapGet("/network", NetworkPage.RenderAsync);
        view.MapGet("/evaluation", Evaluation.EvaluationPage.RenderAsync);
        app.MapJobsDashboard();
    }
}
