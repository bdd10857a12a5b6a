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
            doc.Info.License = new OpenApiLicense { Name = "Proprietary", Url = new Uri("https://logistics.dev/terms") };
            // Relative, so the document is the same whichever address served it (and a committed copy stays true).
            doc.Servers = [new OpenApiServer { Url = "/", Description = "the server that served this document" }];
            doc.Components ??= new OpenApiComponents();
            doc.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            doc.Components.SecuritySchemes[OpenApiOperations.Scheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http, Scheme = "bearer", BearerFormat = "opaque API key",
                Description = "A merchant, carrier or ops key from `logistics keys create`, as `Authorization: Bearer <key>`.",
            };
            doc.Tags = new HashSet<OpenApiTag>(Tags.Select(t => new OpenApiTag { Name = t.Name, Description = t.Description }));
            return Task.CompletedTask;
        });
        o.AddSchemaTransformer(OpenApiSchemas.Transform);
        o.AddOperationTransformer(OpenApiOperations.Transform);
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
                {
                    var csv = mediaType.Contains("csv", StringComparison.Ordinal);
                    if (mediaType == Uploads.UploadBody.Multipart)
                    {
                        // As browsers and `curl -F file=@x.csv` send it: one file field.
                        media.Schema = new OpenApiSchema
                        {
                            Type = JsonSchemaType.Object, Required = new HashSet<string> { "file" },
                            Properties = new Dictionary<string, IOpenApiSchema>
                            {
                                ["file"] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary", Description = "The file: CSV, or JSON rows when its name ends in .json or its part says application/json." },
                            },
                        };
                        media.Example ??= new JsonObject { ["file"] = example.Csv };
                        continue;
                    }
                    // An upload's JSON body is an array of row objects, one field per CSV column.
                    if (!csv && media.Schema is OpenApiSchema { Type: JsonSchemaType.String }) media.Schema = JsonRows();
                    media.Example ??= csv ? JsonValue.Create(example.Csv) : example.Json?.DeepClone();
                }
            return Task.CompletedTask;
        });
    });

    private static readonly (string Name, string Description)[] Tags =
    [
        ("health", "Liveness and readiness, without a key."),
        ("alerts", "What merchants poll: the alerts in force and the append-only feed of their changes."),
        ("windows", "Each merchant's shipment windows from the published plan."),
        ("uploads", "Network, campaign, signal and outcome files: submitted, then followed by id."),
        ("capacity", "Hourly capacity: carriers' and ops' uploads, the effective figures, export and template."),
        ("network", "Who a key is, and merchants."),
        ("planning", "Planning runs and what-ifs (ops)."),
        ("regions", "Destination regions and their receiving hubs."),
        ("carriers", "A carrier's own nodes under the plan."),
    ];

    private static OpenApiSchema JsonRows() => new()
    {
        Type = JsonSchemaType.Array,
        Description = "The file's rows as objects: a field per column (a string or number; null or absent is an empty cell). A row's `line` in an error report is its 1-based position.",
        Items = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Number | JsonSchemaType.Null },
        },
    };

    private static JsonNode ProblemExample(Problems.Kind kind) => new JsonObject
    {
        ["type"] = kind.Type, ["title"] = kind.Title, ["status"] = kind.Status, ["detail"] = OpenApiExamples.Detail(kind),
    };

    private static string Describe()
    {
        var text = new StringBuilder("""
            Peak-shaving warnings for e-commerce mega-sales. Authenticate with `Authorization: Bearer <key>`
            (a merchant, carrier or ops key). JSON is snake_case; times are ISO 8601 with an offset.

            Every answer under /v1 carries `X-Poll-Interval` (seconds), `Cache-Control: private`,
            `Vary: Authorization`, and the key's budget as `RateLimit-Policy` and `RateLimit`. Any /v1 request may also get `429` (`Retry-After`) above the key's rate
            limit and `503` (`Retry-After`) while the database is away. A query parameter an endpoint does
            not take is a `400` naming it. `If-None-Match` compares weakly (RFC 9110): `W/"…"` matches.
            Lists page like the feed: `limit` (1..1000, default 100), `after` (the previous page's
            `cursor`), `more`, and `Link: <…>; rel="next"` while more exist.

            Errors are RFC 9457 problems with a stable `type`:

            | type | status | when |
            |---|---|---|

            """);
        foreach (var k in Problems.All) text.Append(CultureInfo.InvariantCulture, $"| `{k.Type}` | {k.Status} | {k.When} |\n");
        return text.ToString();
    }
}
