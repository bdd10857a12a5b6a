using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Dapper;
using Logistics.Server.Ingest;
using Logistics.Server.Tests.Support;
using Logistics.Server.Uploads;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Logistics.Server.Tests.Uploads;

/// <summary>A host whose staged and capacity kinds have small limits, so going over them is cheap.</summary>
public sealed class SmallLimitsHost : TestHost
{
    protected override string[] Arguments => ["--Capacity:MaxBodyBytes=1024", "--Logistics:MaxUploadBytes=2048"];
}

/// <summary>
/// The upload catalog is the one list of kinds: each has its endpoints and its import, the same body
/// limit handling and wording, and the staging its pipeline leaves is cleaned up like any other's.
/// </summary>
public sealed class UploadCatalogTests(SmallLimitsHost host) : IClassFixture<SmallLimitsHost>
{
    [Fact]
    public async Task Every_kind_is_in_the_catalog_with_its_endpoints_and_example()
    {
        // A kind left out of the catalog would have no endpoints, no import and no load.
        Assert.Equal(UploadKinds.All.Order(), UploadCatalog.All.Select(s => s.Kind).Order());

        using var client = host.Client();
        var paths = (await Fixtures.GetJsonAsync(client, "/openapi/v1.json")).GetProperty("paths");
        foreach (var spec in UploadCatalog.All)
        {
            Assert.True(paths.GetProperty($"/v1/{spec.Name}/uploads").TryGetProperty("post", out var post), $"no POST for {spec.Name}");
            Assert.Equal(spec.ExampleCsv.Trim(), post.GetProperty("requestBody").GetProperty("content").GetProperty("text/csv").GetProperty("example").GetString()!.Trim());
            Assert.True(paths.GetProperty($"/v1/{spec.Name}/uploads/{{id}}").TryGetProperty("get", out _), $"no GET for {spec.Name}");
        }
    }

    [Fact]
    public async Task A_body_over_its_kinds_limit_is_the_same_413_for_every_kind_and_nothing_is_stored()
    {
        var ops = await host.KeyAsync("ops");
        using var client = host.Client(ops);
        var config = host.Services.GetRequiredService<IConfiguration>();
        var uploads = await CountUploadsAsync();
        foreach (var spec in UploadCatalog.All)
        {
            var limit = spec.MaxBodyBytes(config);
            var expected = BodyTooLargeException.Over(limit).Message;
            var big = new byte[limit + 1];
            Array.Fill(big, (byte)'a');

            // Announced: refused before the body is sent (Expect: 100-continue).
            using var ask = new HttpRequestMessage(HttpMethod.Post, $"/v1/{spec.Name}/uploads") { Content = new ByteArrayContent(big) { Headers = { ContentType = new("text/csv") } } };
            ask.Headers.ExpectContinue = true;
            using var announced = await client.SendAsync(ask);
            await AssertTooLargeAsync(announced, expected, $"{spec.Name}, announced");

            // Chunked, no length: cut off as the streamed body passes the limit (the 16 MiB whole-file limit is the hostile tests').
            if (limit > 64 * 1024) continue;
            using var chunked = new HttpRequestMessage(HttpMethod.Post, $"/v1/{spec.Name}/uploads") { Content = new StreamContent(new MemoryStream(big)) { Headers = { ContentType = new("text/csv") } } };
            chunked.Headers.TransferEncodingChunked = true;
            using var streamed = await client.SendAsync(chunked);
            await AssertTooLargeAsync(streamed, expected, $"{spec.Name}, chunked");
        }
        Assert.Equal(uploads, await CountUploadsAsync());
    }

    [Fact]
    public async Task Staging_a_demand_receive_left_is_dropped_unless_the_receive_still_holds_its_lock()
    {
        await using var conn = new NpgsqlConnection(host.ConnectionString);
        await conn.OpenAsync();
        Guid crashed = Guid.CreateVersion7(), receiving = Guid.CreateVersion7();
        string[] tables = [$"u_{crashed:N}", $"u_{crashed:N}_text", $"u_{crashed:N}_campaigns", $"u_{receiving:N}", $"u_{receiving:N}_text"];
        foreach (var t in tables) await conn.ExecuteAsync($"CREATE TABLE staging.{t} (x int)");
        // A receive holds its upload's lock until its row is in.
        await using var request = new NpgsqlConnection(host.ConnectionString);
        await request.OpenAsync();
        await request.ExecuteAsync("SELECT pg_advisory_lock(hashtextextended(@key, 0))", new { key = BulkReceiver.LockKey(receiving) });
        try
        {
            await Logistics.Server.Maintenance.StagingRetention.DropLeftoversAsync(conn, CancellationToken.None);
            var left = (await conn.QueryAsync<string>("SELECT tablename FROM pg_tables WHERE schemaname = 'staging'")).ToHashSet();
            Assert.DoesNotContain(tables[0], left);
            Assert.DoesNotContain(tables[1], left);
            Assert.DoesNotContain(tables[2], left);
            Assert.Contains(tables[3], left);
            Assert.Contains(tables[4], left);
        }
        finally
        {
            foreach (var t in tables) await conn.ExecuteAsync($"DROP TABLE IF EXISTS staging.{t}");
        }
    }

    private static async Task AssertTooLargeAsync(HttpResponseMessage response, string expected, string what)
    {
        Assert.True(response.StatusCode == HttpStatusCode.RequestEntityTooLarge, $"{what}: {(int)response.StatusCode}");
        Assert.Equal(new MediaTypeHeaderValue("application/problem+json").MediaType, response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.EndsWith("payload-too-large", problem.GetProperty("type").GetString());
        Assert.Equal(expected, problem.GetProperty("detail").GetString());
    }

    private async Task<long> CountUploadsAsync()
    {
        await using var conn = await host.Db.OpenConnectionAsync();
        return await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM uploads");
    }
}
