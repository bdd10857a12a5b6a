using System.Net;
using System.Text;
using System.Text.Json;
using Dapper;
using Logistics.Server.Tests.Support;

namespace Logistics.Server.Tests.Capacity;

/// <summary>Supersession with history, idempotency and tenancy, through real HTTP and the real job.</summary>
public sealed class CapacityVersioningTests(CapacityHost host) : IClassFixture<CapacityHost>
{
    private const string Header = "node,kind,start,hours,parcels\n";
    private const string Window = "from=2026-11-11T00:00:00%2B08:00&to=2026-11-12T00:00:00%2B08:00";

    private async Task<JsonElement> CapacityAsync(string key, string node) =>
        await Fixtures.GetJsonAsync(host.Client(key), $"/v1/capacity?node={node}&{Window}");

    private static List<(string Kind, string? Carrier, string Hour, long Parcels, string Upload)> Hours(JsonElement view) =>
        [.. view.GetProperty("hours").EnumerateArray().Select(h => (h.GetProperty("kind").GetString()!,
            h.GetProperty("carrier").GetString(), h.GetProperty("hour").GetDateTimeOffset().ToString("yyyy-MM-ddTHH:mm:ssZ"),
            h.GetProperty("parcels").GetInt64(), h.GetProperty("upload").GetString()!))];

    [Fact]
    public async Task A_later_upload_supersedes_the_hours_it_covers_and_history_keeps_both()
    {
        var first = await host.UploadAsync(host.Sf, Header + "SF-BJ,sort,2026-11-11T00:00:00+08:00,3,1000\n");
        Assert.Equal("accepted", first.GetProperty("status").GetString());
        var second = await host.UploadAsync(host.Sf, Header + "SF-BJ,sort,2026-11-11T01:00:00+08:00,1,600\n");
        Assert.Equal("accepted", second.GetProperty("status").GetString());
        string a = first.GetProperty("id").GetString()!, b = second.GetProperty("id").GetString()!;

        var hours = Hours(await CapacityAsync(host.Sf, "SF-BJ"));
        Assert.Equal([
            ("sort", "SF", "2026-11-10T16:00:00Z", 1000L, a),
            ("sort", "SF", "2026-11-10T17:00:00Z", 600L, b),
            ("sort", "SF", "2026-11-10T18:00:00Z", 1000L, a)], hours);

        await using var conn = await host.Db.OpenConnectionAsync();
        var history = (await conn.QueryAsync<(long Parcels, Guid Upload)>("""
            SELECT c.parcels, c.upload_id FROM capacity_history c JOIN hubs h ON h.id = c.node_id
            WHERE h.code = 'SF-BJ' AND c.hour = '2026-11-10T17:00:00Z' ORDER BY c.version
            """)).ToList();
        Assert.Equal([(1000L, Guid.Parse(a)), (600L, Guid.Parse(b))], history);

        // Ops sees the same hours; a range outside them is empty.
        Assert.Equal(hours, Hours(await CapacityAsync(host.Ops, "SF-BJ")));
        var later = await Fixtures.GetJsonAsync(host.Client(host.Ops), "/v1/capacity?node=SF-BJ&from=2026-12-01T00:00:00Z&to=2026-12-02T00:00:00Z");
        Assert.Empty(later.GetProperty("hours").EnumerateArray());
    }

    [Fact]
    public async Task The_same_idempotency_key_gives_the_same_upload_and_a_different_body_is_422_storing_nothing()
    {
        var csv = Encoding.UTF8.GetBytes(Header + "SF-SH,sort,2026-11-11T05:00:00+08:00,1,700\n");
        var first = await host.PostAsync(host.Sf, csv, idempotencyKey: "cap-2026-11-11");
        await host.WaitAsync(host.Sf, first.GetProperty("id").GetString()!);
        var again = await host.PostAsync(host.Sf, csv, idempotencyKey: "cap-2026-11-11");
        Assert.Equal(first.GetProperty("id").GetString(), again.GetProperty("id").GetString());
        Assert.Equal("accepted", again.GetProperty("status").GetString());

        var before = await host.FingerprintAsync();
        await using var conn = await host.Db.OpenConnectionAsync();
        var uploads = await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM uploads");
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(Header + "SF-SH,sort,2026-11-11T05:00:00+08:00,1,999\n"));
        content.Headers.ContentType = new("text/csv");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/capacity/uploads") { Content = content };
        request.Headers.Add("Idempotency-Key", "cap-2026-11-11");
        using var conflict = await host.Client(host.Sf).SendAsync(request);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, conflict.StatusCode);
        Assert.Contains("idempotency-conflict", await conflict.Content.ReadAsStringAsync());
        Assert.Equal(uploads, await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM uploads"));
        Assert.Equal(before, await host.FingerprintAsync());

        // The key is the caller's: another carrier's key with the same name is a new upload.
        var other = await host.PostAsync(host.Yto, Encoding.UTF8.GetBytes(Header + "YTO-SH,sort,2026-11-11T05:00:00+08:00,1,1\n"), idempotencyKey: "cap-2026-11-11");
        Assert.NotEqual(first.GetProperty("id").GetString(), other.GetProperty("id").GetString());
        await host.WaitAsync(host.Yto, other.GetProperty("id").GetString()!);
    }

    [Fact]
    public async Task A_carrier_sees_and_changes_only_its_own_nodes()
    {
        var sf = await host.UploadAsync(host.Sf, Header + "SF-SH,sort,2026-11-11T08:00:00+08:00,1,500\nWH-SH1,pickup,2026-11-11T08:00:00+08:00,1,80\n");
        var yto = await host.UploadAsync(host.Yto, Header + "YTO-SH,sort,2026-11-11T08:00:00+08:00,1,400\nWH-SH1,pickup,2026-11-11T08:00:00+08:00,1,70\n");
        var ops = await host.UploadAsync(host.Ops, Header + "WH-SH1,outbound,2026-11-11T08:00:00+08:00,1,150\n");
        foreach (var s in new[] { sf, yto, ops }) Assert.Equal("accepted", s.GetProperty("status").GetString());

        // At a shared warehouse each carrier sees its own pickup only; ops sees everything.
        Assert.Equal([("pickup", "SF", "2026-11-11T00:00:00Z", 80L, sf.GetProperty("id").GetString()!)],
            Hours(await CapacityAsync(host.Sf, "WH-SH1")).Where(h => h.Hour == "2026-11-11T00:00:00Z"));
        Assert.Equal([("pickup", "YTO", "2026-11-11T00:00:00Z", 70L, yto.GetProperty("id").GetString()!)],
            Hours(await CapacityAsync(host.Yto, "WH-SH1")).Where(h => h.Hour == "2026-11-11T00:00:00Z"));
        var all = Hours(await CapacityAsync(host.Ops, "WH-SH1")).Where(h => h.Hour == "2026-11-11T00:00:00Z").ToList();
        Assert.Equal(["outbound:", "pickup:SF", "pickup:YTO"], all.Select(h => $"{h.Kind}:{h.Carrier}").Order());

        // Another carrier's hub, a warehouse without a lane, and another's upload: 404 like nothing at all.
        foreach (var path in new[] { "/v1/capacity?node=SF-SH&" + Window, "/v1/capacity?node=WH-BJ1&" + Window, "/v1/capacity?node=NOPE&" + Window,
                                     $"/v1/capacity/uploads/{sf.GetProperty("id").GetString()}" })
        {
            using var r = await host.Client(host.Yto).GetAsync(path);
            Assert.True(r.StatusCode == HttpStatusCode.NotFound, $"{path}: {(int)r.StatusCode}");
        }
        using (var r = await host.Client(await host.KeyAsync("merchant", "M-ACME")).GetAsync("/v1/capacity?node=WH-SH1&" + Window))
            Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode);

        // YTO cannot overwrite SF's hub: rejected, SF's hour unchanged.
        var attempt = await host.UploadAsync(host.Yto, Header + "SF-SH,sort,2026-11-11T08:00:00+08:00,1,1\n");
        Assert.Equal("rejected", attempt.GetProperty("status").GetString());
        Assert.Equal(500L, Hours(await CapacityAsync(host.Sf, "SF-SH")).Single(h => h.Hour == "2026-11-11T00:00:00Z").Parcels);

        // Ops (and the uploader) see the upload.
        Assert.Equal("accepted", (await Fixtures.GetJsonAsync(host.Client(host.Ops), $"/v1/capacity/uploads/{sf.GetProperty("id").GetString()}")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Bad_queries_are_400()
    {
        foreach (var query in new[] { "node=SF-SH", "node=SF-SH&from=2026-11-11T00:00:00&to=2026-11-12T00:00:00", "from=2026-11-11T00:00:00Z&to=2026-11-12T00:00:00Z",
                                      "node=SF-SH&from=2026-11-12T00:00:00Z&to=2026-11-11T00:00:00Z" })
        {
            using var r = await host.Client(host.Ops).GetAsync($"/v1/capacity?{query}");
            Assert.True(r.StatusCode == HttpStatusCode.BadRequest, $"{query}: {(int)r.StatusCode}");
        }
    }
}
