using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Logistics.Server.Tests.Support;

/// <summary>Small files and helpers the tests share.</summary>
public static class Fixtures
{
    public const string Network = """
        kind,code,name,parent,region
        region,EAST,East China,,
        region,NORTH,North China,,
        carrier,SF,SF Express,,
        carrier,YTO,YTO Express,,
        hub,SF-SH,SF Shanghai hub,SF,EAST
        hub,SF-BJ,SF Beijing hub,SF,NORTH
        hub,YTO-SH,YTO Shanghai hub,YTO,EAST
        warehouse,WH-SH1,Shanghai warehouse 1,,EAST
        warehouse,WH-BJ1,Beijing warehouse 1,,NORTH
        merchant,M-ACME,Acme Shop,,EAST
        merchant,M-BOLT,Bolt Store,,NORTH
        lane,WH-SH1>SF-SH,,SF,
        lane,WH-SH1>YTO-SH,,YTO,
        lane,WH-BJ1>SF-BJ,,SF,
        merchant_warehouse,M-ACME>WH-SH1,,,
        merchant_warehouse,M-BOLT>WH-BJ1,,,
        """;

    public const string Campaigns = """
        code,name,time_zone,sale_days,horizon_start,horizon_end,ship_within_hours
        D11-2026,Double 11 2026,Asia/Shanghai,2026-11-01;2026-11-11,2026-11-01,2026-11-14,72
        """;

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static StringContent Csv(string text) => new(text, Encoding.UTF8, "text/csv");

    public static async Task<JsonElement> UploadAsync(HttpClient client, string kind, string csv, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/{kind}/uploads") { Content = Csv(csv) };
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Accepted, $"{(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public static async Task<JsonElement> GetJsonAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>
    /// Reads path until done holds (10 s at most). The API reads the published run from state that
    /// catches up with a publication by NOTIFY, so a read straight after publishing may see the run before.
    /// </summary>
    public static async Task<JsonElement> PollUntilAsync(HttpClient client, string path, Func<JsonElement, bool> done)
    {
        for (var i = 0; i < 100; i++)
        {
            var body = await GetJsonAsync(client, path);
            if (done(body)) return body;
            await Task.Delay(100);
        }
        throw new TimeoutException($"{path} never showed the expected state");
    }

    /// <summary>The reason of the one error an upload's status reports at this line and column.</summary>
    public static string ErrorReason(JsonElement status, long line, string column)
    {
        var found = status.GetProperty("errors").EnumerateArray()
            .Where(e => e.GetProperty("line").GetInt64() == line && e.GetProperty("column").GetString() == column).ToList();
        Assert.True(found.Count == 1, $"not one error at line {line}, column '{column}' in {status}");
        return found[0].GetProperty("reason").GetString()!;
    }
}
