using System.Text.Json;
using System.Text.RegularExpressions;
using Logistics.Server.Ingest;
using Logistics.Server.Tests.Api;
using Logistics.Server.Tests.Support;

namespace Logistics.Server.Tests.Uploads;

/// <summary>The rule codes are a contract: the README's table, the OpenAPI enum and <see cref="LineRule.All"/> name the same ones.</summary>
public sealed partial class LineRuleDocumentationTests(TestHost host) : IClassFixture<TestHost>
{
    [GeneratedRegex(@"^\| `(?<code>[a-z0-9_]+)` \| (?<meaning>.+?) \| (?<example>.+?) \|$")]
    private static partial Regex Row();

    /// <summary>The rows of the README's "Rules of a bad line" table: code → meaning.</summary>
    private static Dictionary<string, string> ReadmeTable()
    {
        var lines = File.ReadAllLines(Path.Combine(OpenApiDocumentTests.RepoRoot(), "README.md"));
        var start = Array.IndexOf(lines, "### Rules of a bad line");
        Assert.True(start >= 0, "the README has no \"### Rules of a bad line\" section");
        var rows = lines.Skip(start + 1).SkipWhile(l => !l.StartsWith('|')).TakeWhile(l => l.StartsWith('|')).Skip(2).ToList();
        var table = new Dictionary<string, string>();
        foreach (var row in rows)
        {
            var m = Row().Match(row);
            Assert.True(m.Success, $"not a row of code, meaning and example: {row}");
            Assert.True(table.TryAdd(m.Groups["code"].Value, m.Groups["meaning"].Value), $"{m.Groups["code"].Value} twice in the README");
        }
        return table;
    }

    [Fact]
    public void Every_code_in_the_readme_is_a_rule_and_every_rule_is_in_the_readme_with_its_meaning()
    {
        var readme = ReadmeTable();
        var rules = LineRule.All.ToDictionary(r => r.Code, r => r.Meaning);
        Assert.Empty(readme.Keys.Except(rules.Keys));
        Assert.Empty(rules.Keys.Except(readme.Keys));
        foreach (var (code, meaning) in rules) Assert.Equal(meaning, readme[code]);
    }

    [Fact]
    public void Codes_are_snake_case_unique_and_each_reads_back_as_itself()
    {
        Assert.Equal(LineRule.All.Count, LineRule.All.Select(r => r.Code).Distinct().Count());
        foreach (var rule in LineRule.All)
        {
            Assert.Matches("^[a-z][a-z0-9]*(_[a-z0-9]+)*$", rule.Code);
            Assert.Same(rule, LineRule.FromCode(rule.Code));
            Assert.Same(rule, JsonSerializer.Deserialize<LineRule>(JsonSerializer.Serialize(rule)));
        }
        Assert.Throws<ArgumentException>(() => LineRule.FromCode("no_such_rule"));
        // A report stored before rules existed (no "rule") or with a code since dropped still reads.
        var old = JsonSerializer.Deserialize<RowError>("""{"Line":3,"Column":"node","Value":"X","Reason":"r"}""")!;
        Assert.Same(LineRule.Unclassified, old.Rule);
        Assert.Same(LineRule.Unclassified, JsonSerializer.Deserialize<LineRule>("\"gone_rule\""));
    }

    [Fact]
    public async Task The_openapi_document_lists_the_same_codes_as_the_error_items_rule()
    {
        using var response = await host.Client().GetAsync("/openapi/v1.json");
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var schemas = doc.RootElement.GetProperty("components").GetProperty("schemas");
        var rowError = schemas.GetProperty("RowError");
        Assert.Contains("rule", rowError.GetProperty("required").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("#/components/schemas/LineRule", rowError.GetProperty("properties").GetProperty("rule").GetProperty("$ref").GetString());
        var codes = schemas.GetProperty("LineRule").GetProperty("enum").EnumerateArray().Select(e => e.GetString()!).ToList();
        Assert.Equal(LineRule.All.Select(r => r.Code), codes);
    }
}
