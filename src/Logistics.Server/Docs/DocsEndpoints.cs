using Scalar.AspNetCore;

namespace Logistics.Server.Docs;

/// <summary>The API reference at /docs (Scalar, reading /openapi/v1.json) and a landing page at /.</summary>
internal static class DocsEndpoints
{
    public static void MapDocs(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", () => Results.Content(LandingPage.Html, "text/html; charset=utf-8")).AllowAnonymous().ExcludeFromDescription();
        // Scalar serves its own script from the package: the page works without any CDN.
        app.MapScalarApiReference("/docs", o => o
            .WithTitle("Logistics API")
            .WithOpenApiRoutePattern("/openapi/{documentName}.json")
            .AddPreferredSecuritySchemes(OpenApiOperations.Scheme))
            .AllowAnonymous();
    }
}
