using System.Net;
using System.Text;
using System.Text.Json;
using Logistics.Server.Tests.Support;

namespace Logistics.Server.Tests.Hostile;

/// <summary>
/// The hostile uploads and requests of issue 24, against a server process of its own: each gets a
/// clear answer, nothing it sent is stored or answered back at full length, and the server's
/// resident memory stays under its goal (500 MB) throughout and settles back near idle.
/// </summary>
[Collection(ProcessHeavy.Name)]
public sealed class HostileInputTests(HostileHost host) : IClassFixture<HostileHost>
{
    private const double MemoryGoalMiB = 500;
    private const string CapacityHeader = "node,kind,start,hours,parcels\n";

    [Fact]
    public async Task A_capacity_file_of_10_MB_nodes_is_rejected_in_one_short_line_without_holding_them()
    {
        // The reported attack: 28 lines, each a quoted 10 MB node.
        var node = new string('X', 10 * 1024 * 1024);
        var body = new StringBuilder(CapacityHeader);
        for (var i = 0; i < 28; i++) body.Append('"').Append(node).Append("\",sort,2026-11-11T00:00:00Z,1,100\n");
        using var carrier = host.Client(host.CarrierKey);

        var (upload, status) = await PostCapacityAsync(carrier, body.ToString());

        Assert.Equal(HttpStatusCode.Accepted, status);
        Assert.Equal("rejected", upload.GetProperty("status").GetString());
        var error = Assert.Single(upload.GetProperty("errors").EnumerateArray());
        Assert.Equal(2, error.GetProperty("line").GetInt64());
        Assert.Contains("over 1024 KiB", error.GetProperty("reason").GetString());
        Assert.Equal("line_too_long", error.GetProperty("rule").GetString());
        var stored = await carrier.GetStringAsync($"/v1/capacity/uploads/{upload.GetProperty("id").GetString()}");
        Assert.True(stored.Length < 4096, $"the stored report is {stored.Length} characters");
        AssertMemoryBounded();
    }

    [Fact]
    public async Task Long_bad_values_are_cut_in_the_stored_report_and_every_bad_line_is_counted()
    {
        // Nodes just under the longest line a reader takes: each is its own error, each value cut.
        var node = new string('Y', 300 * 1024);
        var body = new StringBuilder(CapacityHeader);
        for (var i = 0; i < 28; i++) body.Append('"').Append(node).Append("\",sort,2026-11-11T00:00:00Z,1,100\n");
        using var carrier = host.Client(host.CarrierKey);

        var (upload, status) = await PostCapacityAsync(carrier, body.ToString());

        Assert.Equal(HttpStatusCode.Accepted, status);
        Assert.Equal("rejected", upload.GetProperty("status").GetString());
        Assert.Equal(28, upload.GetProperty("error_count").GetInt32());
        var errors = upload.GetProperty("errors").EnumerateArray().ToList();
        Assert.Equal(28, errors.Count);
        Assert.All(errors, e =>
        {
            var value = e.GetProperty("value").GetString()!;
            Assert.Matches("^Y{100,}… \\(307200 characters\\)$", value);
            Assert.True(value.Length <= 200, value);
            Assert.True(e.GetProperty("reason").GetString()!.Length < 400, e.GetProperty("reason").GetString());
        });
        var stored = await carrier.GetStringAsync($"/v1/capacity/uploads/{upload.GetProperty("id").GetString()}");
        Assert.True(stored.Length < 28 * 1024, $"the stored report is {stored.Length} characters");
        AssertMemoryBounded();
    }

    [Fact]
    public async Task A_network_file_at_its_size_limit_with_every_line_bad_keeps_1000_errors_counts_all_and_stays_in_memory_bounds()
    {
        // 16 MiB (the limit) of warehouses whose parents are missing: every line read, checked and counted.
        var body = new StringBuilder("kind,code,name,parent,region\n", 16 * 1024 * 1024);
        var line = 0;
        while (body.Length < 16 * 1024 * 1024 - 64)
            body.Append("warehouse,W").Append(line++.ToString("D9")).Append(",A warehouse,,NOWHERE\n");
        using var ops = host.Client(host.OpsKey);
        using var response = await ops.PostAsync("/v1/network/uploads", Fixtures.Csv(body.ToString()));
        var text = await response.Content.ReadAsStringAsync();

        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{(int)response.StatusCode}: {text[..Math.Min(500, text.Length)]}");
        var upload = JsonDocument.Parse(text).RootElement;
        Assert.Equal("rejected", upload.GetProperty("status").GetString());
        Assert.Equal(line, upload.GetProperty("error_count").GetInt32());
        Assert.Equal(1000, upload.GetProperty("errors").GetArrayLength());
        AssertMemoryBounded();
    }

    [Fact]
    public async Task A_network_body_over_its_limit_is_413_whether_announced_or_chunked()
    {
        using var ops = host.Client(host.OpsKey);
        var big = new byte[17 * 1024 * 1024];
        Array.Fill(big, (byte)'a');

        // Expect: 100-continue, so the 413 is read before the body is sent (the server does not read it).
        using var ask = new HttpRequestMessage(HttpMethod.Post, "/v1/network/uploads") { Content = new ByteArrayContent(big) { Headers = { ContentType = new("text/csv") } } };
        ask.Headers.ExpectContinue = true;
        using var announced = await ops.SendAsync(ask);
        await AssertProblemAsync(announced, HttpStatusCode.RequestEntityTooLarge, "payload-too-large");

        var chunked = new StreamContent(new MemoryStream(big)) { Headers = { ContentType = new("text/csv") } };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/network/uploads") { Content = chunked };
        request.Headers.TransferEncodingChunked = true;
        HttpResponseMessage? streamed = null;
        try { streamed = await ops.SendAsync(request); }
        catch (HttpRequestException) { }   // the server may close the connection while the rest is still being sent
        if (streamed is not null) await AssertProblemAsync(streamed, HttpStatusCode.RequestEntityTooLarge, "payload-too-large");
        AssertMemoryBounded();
    }

    [Fact]
    public async Task A_1_MB_campaign_code_is_not_echoed_back_whole()
    {
        using var ops = host.Client(host.OpsKey);
        var code = new string('C', 1024 * 1024);
        using var response = await ops.PostAsync("/v1/plan-runs",
            new StringContent(JsonSerializer.Serialize(new { campaign = code }), Encoding.UTF8, "application/json"));

        var detail = await AssertProblemAsync(response, HttpStatusCode.NotFound, "not-found");
        Assert.StartsWith("no campaign 'CCCC", detail);
        Assert.Contains("(1048576 characters)", detail);
        Assert.True(detail.Length < 400, $"the detail is {detail.Length} characters");
    }

    private static async Task<(JsonElement Upload, HttpStatusCode Status)> PostCapacityAsync(HttpClient client, string csv)
    {
        using var response = await client.PostAsync("/v1/capacity/uploads", Fixtures.Csv(csv));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(text.Length < 64 * 1024, $"the answer is {text.Length} characters");
        return (JsonDocument.Parse(text).RootElement.Clone(), response.StatusCode);
    }

    private static async Task<string> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string type)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{(int)response.StatusCode}: {text[..Math.Min(500, text.Length)]}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(text).RootElement;
        Assert.Equal($"https://logistics.dev/problems/{type}", problem.GetProperty("type").GetString());
        return problem.GetProperty("detail").GetString()!;
    }

    private void AssertMemoryBounded()
    {
        var (_, peak) = host.Server.MemoryMiB();
        Assert.True(peak < MemoryGoalMiB, $"the server's resident memory peaked at {peak:0} MiB (idle {host.IdleMiB:0} MiB)");
    }
}
