using System.Net;
using System.Text.Json;
using Logistics.Server.Tests.Support;

namespace Logistics.Server.Tests.Auth;

public sealed class KeyAndTenancyTests(TestHost host) : IClassFixture<TestHost>, IAsyncLifetime
{
    private string _ops = "", _readOnlyOps = "", _acme = "", _bolt = "", _sf = "";

    public async Task InitializeAsync()
    {
        _ops = await host.KeyAsync("ops");
        var status = await Fixtures.UploadAsync(host.Client(_ops), "network", Fixtures.Network);
        Assert.Equal("accepted", status.GetProperty("status").GetString());
        _readOnlyOps = await host.KeyAsync("ops", readOnly: true);
        _acme = await host.KeyAsync("merchant", "M-ACME");
        _bolt = await host.KeyAsync("merchant", "M-BOLT");
        _sf = await host.KeyAsync("carrier", "SF");
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_merchant_sees_itself_and_never_another_merchant()
    {
        var own = await Fixtures.GetJsonAsync(host.Client(_acme), "/v1/merchants/M-ACME");
        Assert.Equal("M-ACME", own.GetProperty("code").GetString());
        Assert.Equal("WH-SH1", own.GetProperty("warehouses")[0].GetProperty("code").GetString());

        using var other = await host.Client(_bolt).GetAsync("/v1/merchants/M-ACME");
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        using var missing = await host.Client(_bolt).GetAsync("/v1/merchants/NO-SUCH");
        // Another tenant's merchant and a merchant that does not exist look exactly alike.
        var a = JsonDocument.Parse(await missing.Content.ReadAsStringAsync()).RootElement;
        var b = JsonDocument.Parse(await other.Content.ReadAsStringAsync()).RootElement;
        foreach (var field in new[] { "type", "title", "status" })
            Assert.Equal(a.GetProperty(field).ToString(), b.GetProperty(field).ToString());
        Assert.Equal(a.GetProperty("detail").GetString(), b.GetProperty("detail").GetString()!.Replace("M-ACME", "NO-SUCH"));
    }

    [Fact]
    public async Task Ops_sees_every_merchant()
    {
        var acme = await Fixtures.GetJsonAsync(host.Client(_ops), "/v1/merchants/M-ACME");
        var bolt = await Fixtures.GetJsonAsync(host.Client(_readOnlyOps), "/v1/merchants/M-BOLT");
        Assert.Equal("M-ACME", acme.GetProperty("code").GetString());
        Assert.Equal("M-BOLT", bolt.GetProperty("code").GetString());
    }

    [Theory]
    [InlineData(null, HttpStatusCode.Unauthorized)]
    [InlineData("lgk_aaaaaaaaaa_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", HttpStatusCode.Unauthorized)]
    [InlineData("not-a-key", HttpStatusCode.Unauthorized)]
    [InlineData("ключ-🔑", HttpStatusCode.Unauthorized)]
    public async Task Missing_malformed_and_unknown_keys_are_401_problems(string? key, HttpStatusCode expected)
    {
        // Send the header bytes as they are, even when they are not ASCII.
        using var client = new HttpClient(new SocketsHttpHandler { RequestHeaderEncodingSelector = (_, _) => System.Text.Encoding.UTF8 }) { BaseAddress = host.BaseAddress };
        if (key is not null) client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", $"Bearer {key}");
        using var response = await client.GetAsync("/v1/me");
        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("https://logistics.dev/problems/unauthorized", problem.GetProperty("type").GetString());
    }

    [Fact]
    public async Task A_key_with_one_wrong_character_is_refused()
    {
        var tampered = _acme[..^1] + (_acme[^1] == 'A' ? 'B' : 'A');
        using var response = await host.Client(tampered).GetAsync("/v1/me");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Roles_reach_only_their_endpoints()
    {
        using var carrierOnMerchant = await host.Client(_sf).GetAsync("/v1/merchants/M-ACME");
        Assert.Equal(HttpStatusCode.Forbidden, carrierOnMerchant.StatusCode);
        Assert.Contains("forbidden", await carrierOnMerchant.Content.ReadAsStringAsync());

        foreach (var key in new[] { _acme, _sf, _readOnlyOps })
        {
            using var upload = await host.Client(key).PostAsync("/v1/network/uploads", Fixtures.Csv(Fixtures.Network));
            Assert.Equal(HttpStatusCode.Forbidden, upload.StatusCode);
        }

        var me = await Fixtures.GetJsonAsync(host.Client(_sf), "/v1/me");
        Assert.Equal("carrier", me.GetProperty("role").GetString());
        Assert.Equal("SF", me.GetProperty("carrier").GetString());
    }

    [Fact]
    public async Task Only_the_hash_of_a_key_is_stored()
    {
        await using var conn = await host.Db.OpenConnectionAsync();
        var rows = await Dapper.SqlMapper.QueryAsync<string>(conn, "SELECT row_to_json(k)::text FROM api_keys k");
        var secret = _acme[15..];
        Assert.DoesNotContain(rows, r => r.Contains(secret));
        var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(_acme));
        Assert.Equal(1L, await Dapper.SqlMapper.ExecuteScalarAsync<long>(conn, "SELECT count(*) FROM api_keys WHERE key_hash = @hash", new { hash }));
    }
}
