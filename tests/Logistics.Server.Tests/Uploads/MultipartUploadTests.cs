using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Dapper;
using Logistics.Server.Tests.Support;

namespace Logistics.Server.Tests.Uploads;

/// <summary>Uploads as browsers and `curl -F file=@x.csv` send them: multipart/form-data with one file.</summary>
public sealed class MultipartUploadTests(TestHost host) : IClassFixture<TestHost>, IAsyncLifetime
{
    private string _ops = "";

    public async Task InitializeAsync()
    {
        _ops = await host.KeyAsync("ops");
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private static MultipartFormDataContent Form(string fileName, string text, string? partType, bool withField = true)
    {
        var form = new MultipartFormDataContent();
        if (withField) form.Add(new StringContent("a note the server ignores"), "comment");
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(text));
        if (partType is not null) file.Headers.ContentType = new MediaTypeHeaderValue(partType);
        form.Add(file, "file", fileName);
        return form;
    }

    private async Task<JsonElement> PostAsync(string key, string kind, HttpContent content, HttpStatusCode expected = HttpStatusCode.Accepted)
    {
        using var response = await host.Client(key).PostAsync($"/v1/{kind}/uploads", content);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private async Task<JsonElement> FinalAsync(string key, string kind, JsonElement upload)
    {
        var location = $"/v1/{kind}/uploads/{upload.GetProperty("id").GetString()}";
        for (var i = 0; i < 200; i++)
        {
            var status = await Fixtures.GetJsonAsync(host.Client(key), location);
            if (status.GetProperty("status").GetString() is "accepted" or "rejected") return status;
            await Task.Delay(50);
        }
        throw new TimeoutException(location);
    }

    [Fact]
    public async Task Every_upload_path_takes_one_file_of_a_form_and_keeps_its_name()
    {
        // Small path (read whole), as curl sends an unknown extension: application/octet-stream.
        var network = await PostAsync(_ops, "network", Form("network.csv", Fixtures.Network, "application/octet-stream"));
        Assert.Equal("accepted", network.GetProperty("status").GetString());
        var sf = await host.KeyAsync("carrier", "SF");
        // JSON rows, told by the file's name.
        var campaigns = await PostAsync(_ops, "campaigns", Form("campaigns.json",
            """[{"code":"D11-2026","name":"Double 11 2026","time_zone":"Asia/Shanghai","sale_days":"2026-11-01;2026-11-11","horizon_start":"2026-11-01","horizon_end":"2026-11-14","ship_within_hours":72}]""", null));
        Assert.Equal("accepted", campaigns.GetProperty("status").GetString());

        // Streamed paths: signals (a background load) and capacity.
        var signals = await PostAsync(_ops, "signals", Form("signals.csv", """
            campaign,merchant,warehouse,region,category,date,page_views,carts,favorites,deposits,presale_orders
            D11-2026,M-ACME,WH-SH1,EAST,apparel,2026-10-20,1500,120,,30,
            """, "text/csv"));
        Assert.Equal("accepted", (await FinalAsync(_ops, "signals", signals)).GetProperty("status").GetString());
        var capacity = await PostAsync(sf, "capacity", Form("capacity.csv", """
            node,kind,start,hours,parcels
            SF-SH,sort,2026-11-11T00:00:00+08:00,2,4000
            """, "text/csv", withField: false));
        Assert.Equal("accepted", (await FinalAsync(sf, "capacity", capacity)).GetProperty("status").GetString());

        await using var conn = await host.Db.OpenConnectionAsync();
        var names = (await conn.QueryAsync<string>("SELECT file_name FROM uploads WHERE source = 'api' ORDER BY created_at")).ToList();
        Assert.Equal(["network.csv", "campaigns.json", "signals.csv", "capacity.csv"], names);
    }

    [Fact]
    public async Task A_form_without_a_file_is_a_400_and_text_plain_a_415_problem()
    {
        using var form = new MultipartFormDataContent { { new StringContent("no file here"), "comment" } };
        var problem = await PostAsync(_ops, "network", form, HttpStatusCode.BadRequest);
        Assert.Contains("has no file", problem.GetProperty("detail").GetString());

        var plain = await PostAsync(_ops, "network", new StringContent(Fixtures.Network, Encoding.UTF8, "text/plain"), HttpStatusCode.UnsupportedMediaType);
        Assert.Equal("https://logistics.dev/problems/unsupported-media-type", plain.GetProperty("type").GetString());
    }
}
