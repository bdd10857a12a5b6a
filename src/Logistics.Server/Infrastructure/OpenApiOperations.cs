using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Logistics.Server;

/// <summary>
/// What every operation shares and the generator cannot see: the Bearer requirement, the headers
/// the middleware and handlers set (ETag, X-Poll-Interval, Link, Retry-After, Location,
/// Idempotent-Replayed, WWW-Authenticate), the request headers they read, and which query
/// parameters are required.
/// </summary>
internal static class OpenApiOperations
{
    public const string Scheme = "Bearer";

    public static Task Transform(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken _)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var path = "/" + (context.Description.RelativePath ?? "");
        var document = context.Document;

        var anonymous = metadata.OfType<IAllowAnonymous>().Any() || !metadata.OfType<IAuthorizeData>().Any();
        // An empty requirement says "no credentials"; the Bearer one points at the document's scheme.
        operation.Security = anonymous ? [new OpenApiSecurityRequirement()]
            : [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(Scheme, document)] = [] }];

        if (metadata.OfType<RequiredQuery>().SelectMany(r => r.Names).ToHashSet() is { Count: > 0 } required)
            foreach (var p in operation.Parameters?.OfType<OpenApiParameter>() ?? [])
                if (p.In == ParameterLocation.Query && required.Contains(p.Name!)) p.Required = true;

        foreach (var p in operation.Parameters?.OfType<OpenApiParameter>() ?? [])
            Describe(p);

        var responses = operation.Responses ?? [];
        var cached = responses.ContainsKey("304");
        var paged = metadata.OfType<PagedAnswer>().Any();
        var idempotent = metadata.OfType<IdempotentUpload>().Any();
        if (cached)
            AddParameter(operation, "If-None-Match", "The `ETag` of the last answer: `304` with no body while it is unchanged. Weak (`W/\"…\"`) and strong tags compare alike.", example: "\"Jx8qYb3k0Zt1cN5mQ2rA\"");
        if (idempotent)
            AddParameter(operation, "Idempotency-Key", "Any printable string up to 200 characters: the same key with the same body returns the first upload (`Idempotent-Replayed: true`); with another body, `422`.", example: "carrier-c01-2026-11-10-run-3");

        foreach (var (code, answer) in responses)
        {
            if (answer is not OpenApiResponse response) continue;
            var headers = response.Headers ??= new Dictionary<string, IOpenApiHeader>();
            var status = int.Parse(code, System.Globalization.CultureInfo.InvariantCulture);
            if (path.StartsWith("/v1/", StringComparison.Ordinal))
                headers["X-Poll-Interval"] = Header("Seconds until the next poll is worth making: 30 around a sale day, 60 elsewhere in a campaign, 300 outside campaigns; 2 on the status of an upload that is queued or processing.", JsonSchemaType.Integer, 30);
            if (path.StartsWith("/v1/", StringComparison.Ordinal))
            {
                headers["RateLimit-Policy"] = Header("The per-key limit (IETF RateLimit fields): `q` requests per `w` seconds.", JsonSchemaType.String, "\"per-key\";q=600;w=60");
                headers["RateLimit"] = Header("What is left of the key's limit now: `r` requests.", JsonSchemaType.String, "\"per-key\";r=598");
            }
            if (cached && status is 200 or 304)
                headers["ETag"] = Header("Names this answer; send it back as `If-None-Match`.", JsonSchemaType.String, "\"Jx8qYb3k0Zt1cN5mQ2rA\"");
            if (path.StartsWith("/v1/", StringComparison.Ordinal) && status == 200)
            {
                headers["Cache-Control"] = Header("`private`: the answer is the caller's own; shared caches must not keep it.", JsonSchemaType.String, "private");
                headers["Vary"] = Header("`Authorization`: the answer depends on the key.", JsonSchemaType.String, "Authorization");
            }
            if (paged && status == 200)
                headers["Link"] = Header("`<…>; rel=\"next\"` when more exist: the next page's URL, with `after` set.", JsonSchemaType.String, "</v1/alerts/events?after=4187-Qm9yQ2xhc3NpYzEy&limit=100>; rel=\"next\"");
            if (status is 429 or 503)
                headers["Retry-After"] = Header("Seconds to wait before trying again.", JsonSchemaType.Integer, 12);
            if (status == 401)
                headers["WWW-Authenticate"] = Header("`Bearer`: send the API key as `Authorization: Bearer <key>`.", JsonSchemaType.String, "Bearer");
            if (status == 202)
                headers["Location"] = Header("Where to follow what was accepted.", JsonSchemaType.String, "/v1/capacity/uploads/01935b2c-7d1e-7c3a-9f1e-2b8d4c6a1e07");
            if (idempotent && status == 202)
                headers["Idempotent-Replayed"] = Header("`true` when this answer replays an earlier upload with the same `Idempotency-Key` and body.", JsonSchemaType.String, "true");
        }
        return Task.CompletedTask;
    }

    /// <summary>
    /// Handlers take `limit`, `from` and `to` as text so that a bad one gets our own 400 naming it;
    /// the document says what a good one is.
    /// </summary>
    private static void Describe(OpenApiParameter p)
    {
        if (p.In != ParameterLocation.Query || p.Schema is not OpenApiSchema schema) return;
        switch (p.Name)
        {
            case "limit":
                schema.Type = JsonSchemaType.Integer;
                schema.Minimum = "1";
                schema.Maximum = Alerts.AlertEndpoints.MaxLimit.ToString(System.Globalization.CultureInfo.InvariantCulture);
                p.Description ??= $"How many items a page holds. The feed pages by {Alerts.AlertEndpoints.DefaultLimit} without it; the alert list and the windows answer whole unless `limit` or `after` is given.";
                break;
            case "after":
                p.Description ??= "The `cursor` of the previous page, exactly as it was given; absent for the first page.";
                break;
            case "from" or "to":
                schema.Format = "date-time";
                p.Description ??= "RFC 3339 with an offset, on the hour (`2026-11-11T00:00:00+08:00`).";
                break;
            case "campaign":
                p.Description ??= "A campaign code, e.g. `D11-2026`.";
                break;
        }
    }

    private static void AddParameter(OpenApiOperation operation, string name, string description, string example) =>
        (operation.Parameters ??= []).Add(new OpenApiParameter
        {
            Name = name, In = ParameterLocation.Header, Required = false, Description = description,
            Schema = new OpenApiSchema { Type = JsonSchemaType.String }, Example = JsonValue.Create(example),
        });

    private static OpenApiHeader Header(string description, JsonSchemaType type, JsonNode example) => new()
    {
        Description = description,
        Schema = new OpenApiSchema { Type = type },
        Example = example,
    };
}
