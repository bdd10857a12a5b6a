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
        view.MapGet("/regions", RegionsPage.RenderAsync);
        view.MapGet("/runs/what-if/{id:long}", WhatIfPage.RenderAsync);
        // Forms: UseAntiforgery checks their token; a read-only key is refused by the handler.
        view.MapPost("/runs/what-if", WhatIfPage.QueueAsync);
        view.MapPost("/runs/what-if/{id:long}/publish", WhatIfPage.PublishAsync);
        app.MapJobsDashboard();
    }
}
