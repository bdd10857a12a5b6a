using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using Microsoft.OpenApi;

namespace Logistics.Server;

/// <summary>
/// The OpenAPI document at /openapi/v1.json: what the endpoints declare, plus the catalogue of
/// problem types (on the document, on the problem schema and on every error response) and an
/// example for every request body and response body.
/// </summary>
internal static class OpenApiDocs
{
    public static IServiceCollection AddLogisticsOpenApi(this IServiceCollection services) => services.AddOpenApi(o =>
    {
        o.AddDocumentTransformer((doc, _, _) =>
        {
            doc.Info.Title = "Logistics";
            doc.Info.Description = Describe();
            return Task.CompletedTask;
        });
        o.AddSchemaTransformer((schema, context, _) =>
        {
            if (context.JsonTypeInfo.Type == typeof(ProblemDetails))
                schema.Description = "An RFC 9457 problem (`application/problem+json`). `type` is one of: " +
                    string.Join(", ", Problems.All.Select(k => $"`{k.Type}` ({k.Status})")) + ".";
            return Task.CompletedTask;
        });
        o.AddOperationTransformer((operation, context, _) =>
        {
            foreach (var declared in context.Description.SupportedResponseTypes)
            {
                var code = declared.StatusCode.ToString(CultureInfo.InvariantCulture);
                if (operation.Responses?.TryGetValue(code, out var response) != true || response!.Content is null) continue;
                var kinds = Problems.All.Where(k => k.Status == declared.StatusCode).ToList();
                if (kinds.Count > 0 && response is OpenApiResponse writable)
                    writable.Description = string.Join(" ", kinds.Select(k => $"`{k.Type}`: {k.When}."));
                foreach (var media in response.Content.Values)
                    media.Example ??= kinds.Count > 0 ? ProblemExample(kinds[0]) : OpenApiExamples.Response(declared.Type);
            }
            if (operation.RequestBody?.Content is { } bodies && OpenApiExamples.Request(context.Description.RelativePath) is { } example)
                foreach (var (mediaType, media) in bodies)
                    media.Example ??= mediaType.Contains("csv", StringComparison.Ordinal) ? JsonValue.Create(example.Csv) : example.Json?.DeepClone();
            return Task.CompletedTask;
        });
    });

    private static JsonNode ProblemExample(Problems.Kind kind) => new JsonObject
    {
        ["type"] = kind.Type, ["title"] = kind.Title, ["status"] = kind.Status, ["detail"] = OpenApiExamples.Detail(kind),
    };

    private static string Describe()
    {
        var text = new StringBuilder("""
            Peak-shaving warnings for e-commerce mega-sales. Authenticate with `Authorization: Bearer <key>`
            (a merchant, carrier or ops key). JSON is snake_case; times are ISO 8601 with an offset.

            Every answer under /v1 carries `X-Poll-Interval` (seconds). Any /v1 request may also get `429`
            (`Retry-After`) above the key's rate limit and `503` (`Retry-After`) while the database is away.

            Errors are RFC 9457 problems with a stable `type`:

            | type | status | when |
            |---|---|---|

            """);
        foreach (var k in Problems.All) text.Append(CultureInfo.InvariantCulture, $"| `{k.Type}` | {k.Status} | {k.When} |\n");
        return text.ToString();
    }
}
