using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Logistics.Server.Publication;

namespace Logistics.Server;

/// <summary>
/// Examples for the OpenAPI document. Each feature adds its own as it maps its endpoints (its
/// <c>Examples.Add()</c>); the document asks here when it is generated. Response examples are real
/// response records serialised the way the API serialises them, so an example cannot drift from its
/// schema. Made afresh for each document: a JSON node belongs to one document.
/// </summary>
internal static class OpenApiExamples
{
    /// <summary>The time examples were published: one, so the examples tell one story.</summary>
    public static readonly DateTimeOffset Published = new(2026, 11, 9, 8, 15, 2, TimeSpan.Zero);

    /// <summary>The examples' campaign's offset (Asia/Shanghai).</summary>
    public static readonly TimeSpan Shanghai = TimeSpan.FromHours(8);

    private static readonly JsonSerializerOptions Json = new(AlertBody.Json);
    private static readonly ConcurrentDictionary<Type, Func<object>> Responses = new();
    private static readonly ConcurrentDictionary<string, Func<(string Csv, JsonNode? Json)>> Requests = new();

    /// <summary>The example of every response of type <typeparamref name="T"/>.</summary>
    public static void AddResponse<T>(Func<T> make) where T : notnull => Responses[typeof(T)] = () => make();

    /// <summary>An upload's body at <paramref name="relativePath"/> (e.g. v1/signals/uploads), in CSV and as JSON rows.</summary>
    public static void AddCsvRequest(string relativePath, string csv) => Requests[relativePath] = () => Csv(csv);

    /// <summary>A JSON request body at <paramref name="relativePath"/>.</summary>
    public static void AddJsonRequest(string relativePath, Func<JsonNode> json) => Requests[relativePath] = () => ("", json());

    public static JsonNode? Response(Type? type) =>
        type is not null && Responses.TryGetValue(type, out var make) ? JsonSerializer.SerializeToNode(make(), type, Json) : null;

    public static (string Csv, JsonNode? Json)? Request(string? relativePath) =>
        relativePath is not null && Requests.TryGetValue(relativePath, out var make) ? make() : null;

    /// <summary>The CSV, and the same rows as the JSON array of row objects an upload also accepts.</summary>
    private static (string Csv, JsonNode? Json) Csv(string csv)
    {
        var lines = csv.Split('\n');
        var header = lines[0].Split(',');
        var rows = new JsonArray();
        foreach (var line in lines.Skip(1))
        {
            var row = new JsonObject();
            var cells = line.Split(',');
            for (var i = 0; i < header.Length; i++)
                if (cells[i].Length > 0) row[header[i]] = cells[i];
            rows.Add(row);
        }
        return (csv + "\n", rows);
    }

    public static string Detail(Problems.Kind kind) => kind.Type switch
    {
        var t when t == Problems.BadRequest.Type => "line 3, column parcels, value '-40': parcels must be a whole number from 0 to 50000",
        var t when t == Problems.InvalidCursor.Type => "this cursor was not issued for your feed",
        var t when t == Problems.Unauthorized.Type => "send your API key as 'Authorization: Bearer <key>'",
        var t when t == Problems.Forbidden.Type => "this key's role may not use this endpoint",
        var t when t == Problems.NotFound.Type => "no campaign 'D11-2031'",
        var t when t == Problems.RateLimited.Type => "this key is over its limit of 600 requests a minute; retry in 12 s",
        _ => kind.When,
    };
}
