using System.Net;
using System.Text.Json;
using Logistics.Server.Tests.Support;

namespace Logistics.Server.Tests.Api;

/// <summary>
/// The document the server serves is the committed docs/openapi/v1.json, which CI lints with
/// Redocly before the tests run; and it carries what generated clients need.
/// </summary>
public sealed class OpenApiDocumentTests(TestHost host) : IClassFixture<TestHost>
{
    /// <summary>Set to 1 to rewrite the committed copy from what the server serves.</summary>
    private const string UpdateVariable = "LOGISTICS_UPDATE_OPENAPI";

    private async Task<string> ServedAsync()
    {
        using var response = await host.Client().GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    [Fact]
    public async Task The_served_document_is_the_committed_one()
    {
        var served = Normalise(await ServedAsync());
        var committed = Path.Combine(RepoRoot(), "docs", "openapi", "v1.json");
        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
            await File.WriteAllTextAsync(committed, served);
        Assert.True(File.Exists(committed), $"{committed} is missing: run the tests once with {UpdateVariable}=1");
        var expected = Normalise(await File.ReadAllTextAsync(committed));
        Assert.True(expected == served,
            $"the served OpenAPI document differs from {committed} (the contract changed?): rerun this test with {UpdateVariable}=1, review the diff and commit it");
    }

    [Fact]
    public async Task Every_operation_is_named_secured_and_typed_for_generated_clients()
    {
        using var parsed = JsonDocument.Parse(await ServedAsync());
        var doc = parsed.RootElement;
        Assert.Equal("bearer", doc.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer").GetProperty("scheme").GetString());
        var ids = new HashSet<string>();
        foreach (var path in doc.GetProperty("paths").EnumerateObject())
            foreach (var op in path.Value.EnumerateObject())
            {
                var name = $"{op.Name.ToUpperInvariant()} {path.Name}";
                Assert.True(op.Value.TryGetProperty("operationId", out var id) && ids.Add(id.GetString()!), $"{name}: no unique operationId");
                var security = op.Value.GetProperty("security");
                var bearer = security.EnumerateArray().Any(r => r.TryGetProperty("Bearer", out _));
                Assert.True(path.Name.StartsWith("/v1/", StringComparison.Ordinal) == bearer, $"{name}: Bearer required only under /v1");
                foreach (var (code, response) in op.Value.GetProperty("responses").EnumerateObject().Select(r => (r.Name, r.Value)))
                {
                    var headers = response.TryGetProperty("headers", out var h) ? h.EnumerateObject().Select(x => x.Name).ToHashSet() : [];
                    if (code is "429" or "503" && path.Name.StartsWith("/v1/", StringComparison.Ordinal)) Assert.Contains("Retry-After", headers);
                    if (code == "401") Assert.Contains("WWW-Authenticate", headers);
                    if (code == "202") Assert.Contains("Location", headers);
                    if (code == "304") Assert.Contains("ETag", headers);
                }
            }

        // No number is typed as a string too; the closed sets are enums.
        var schemas = doc.GetProperty("components").GetProperty("schemas");
        foreach (var t in new[] { "integer", "number" })
            foreach (var schema in schemas.EnumerateObject())
                foreach (var property in schema.Value.TryGetProperty("properties", out var ps) ? ps.EnumerateObject() : Enumerable.Empty<JsonProperty>())
                    if (property.Value.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.Array)
                        Assert.False(type.EnumerateArray().Any(x => x.GetString() == t) && type.EnumerateArray().Any(x => x.GetString() == "string"),
                            $"{schema.Name}.{property.Name} is typed {type}");
        string[] Enum(string schema, string property) =>
            [.. schemas.GetProperty(schema).GetProperty("properties").GetProperty(property).GetProperty("enum").EnumerateArray().Select(e => e.GetString()!)];
        Assert.Equal(["blocked", "warning", "watch", "delay"], Enum("AlertBody", "level"));
        Assert.Equal(["handover", "delay"], Enum("AlertBody", "kind"));
        Assert.Contains("processing", Enum("UploadStatus", "status"));

        var windows = doc.GetProperty("paths").GetProperty("/v1/shipment-windows").GetProperty("get");
        Assert.True(windows.GetProperty("parameters").EnumerateArray().Single(p => p.GetProperty("name").GetString() == "campaign").GetProperty("required").GetBoolean());
        var upload = doc.GetProperty("paths").GetProperty("/v1/capacity/uploads").GetProperty("post");
        Assert.Contains(upload.GetProperty("parameters").EnumerateArray(), p => p.GetProperty("name").GetString() == "Idempotency-Key");
        Assert.Contains("Idempotent-Replayed", upload.GetProperty("responses").GetProperty("202").GetProperty("headers").EnumerateObject().Select(x => x.Name));
    }

    [Fact]
    public async Task The_landing_page_links_the_reference_the_dashboard_and_readiness_and_docs_serves_the_reference()
    {
        var client = host.Client();
        var landing = await client.GetStringAsync("/");
        foreach (var link in new[] { "href=\"/docs\"", "href=\"/ops\"", "href=\"/readyz\"" }) Assert.Contains(link, landing);
        using var docs = await client.GetAsync("/docs/");
        Assert.Equal(HttpStatusCode.OK, docs.StatusCode);
        Assert.Equal("text/html", docs.Content.Headers.ContentType?.MediaType);
        Assert.Contains("\"url\":\"openapi/v1.json\"", await docs.Content.ReadAsStringAsync());   // Scalar resolves it from the site root
        // The page's script comes from the server, not from a CDN.
        using var script = await client.GetAsync("/docs/scalar.js");
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
    }

    private static string Normalise(string json) => json.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd() + "\n";

    /// <summary>The checkout this test was built from: the folder holding Logistics.sln.</summary>
    internal static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Logistics.sln"))) return dir.FullName;
        throw new InvalidOperationException($"no Logistics.sln above {AppContext.BaseDirectory}");
    }
}
