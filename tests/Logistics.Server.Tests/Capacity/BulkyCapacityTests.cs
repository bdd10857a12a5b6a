using System.Net;
using System.Text.Json;
using Logistics.Domain.Planning;
using Logistics.Server.Planning;
using Logistics.Server.Tests.Support;

namespace Logistics.Server.Tests.Capacity;

/// <summary>
/// A hub's bulky line (bulky_sort) and a carrier's bulky truck slots at a warehouse (bulky_pickup):
/// kinds of their own from the upload to the planning run's snapshot, never mistaken for the parcel
/// kinds. Their bad lines are in <see cref="CapacityValidationTests.BadFiles"/>.
/// </summary>
public sealed class BulkyCapacityTests(CapacityHost host) : IClassFixture<CapacityHost>
{
    private const string Header = "node,kind,start,hours,parcels\n";
    private const string Range = "from=2026-11-10T16:00:00Z&to=2026-11-10T18:00:00Z";

    [Fact]
    public async Task Bulky_capacity_is_stored_shown_exported_and_read_for_planning_apart_from_parcel_capacity()
    {
        // The same hours, node by node, as the parcel kinds: no overlap, since the kind is part of the key.
        var csv = Header +
                  "SF-SH,sort,2026-11-11T00:00:00+08:00,2,900\n" +
                  "SF-SH,bulky_sort,2026-11-11T00:00:00+08:00,2,40\n" +
                  "WH-SH1,pickup,2026-11-11T00:00:00+08:00,2,500\n" +
                  "WH-SH1,bulky_pickup,2026-11-11T00:00:00+08:00,2,12\n";
        var status = await host.UploadAsync(host.Sf, csv);
        Assert.True(status.GetProperty("status").GetString() == "accepted", status.ToString());
        Assert.Equal(8, status.GetProperty("rows_applied").GetInt64());

        var sf = host.Client(host.Sf);
        var hub = await Fixtures.GetJsonAsync(sf, $"/v1/capacity?node=SF-SH&{Range}");
        Assert.Equal(["bulky_sort 40", "sort 900", "bulky_sort 40", "sort 900"],
            hub.GetProperty("hours").EnumerateArray().Select(h => $"{h.GetProperty("kind").GetString()} {h.GetProperty("parcels").GetInt64()}"));
        var warehouse = await Fixtures.GetJsonAsync(sf, $"/v1/capacity?node=WH-SH1&{Range}");
        Assert.Equal(["bulky_pickup SF 12", "pickup SF 500", "bulky_pickup SF 12", "pickup SF 500"],
            warehouse.GetProperty("hours").EnumerateArray().Select(h => $"{h.GetProperty("kind").GetString()} {h.GetProperty("carrier").GetString()} {h.GetProperty("parcels").GetInt64()}"));

        // The export carries the bulky lines there are, so the file goes round; the template offers
        // none, since a hub has a bulky line only when its carrier gives it.
        using (var export = await sf.GetAsync($"/v1/capacity/export?{Range}"))
        {
            Assert.Equal(HttpStatusCode.OK, export.StatusCode);
            Assert.Equal(Header +
                         "SF-SH,bulky_sort,2026-11-10T16:00:00Z,2,40\n" +
                         "SF-SH,sort,2026-11-10T16:00:00Z,2,900\n" +
                         "WH-SH1,bulky_pickup,2026-11-10T16:00:00Z,2,12\n" +
                         "WH-SH1,pickup,2026-11-10T16:00:00Z,2,500\n", await export.Content.ReadAsStringAsync());
        }
        using (var template = await sf.GetAsync($"/v1/capacity/template?{Range}"))
            Assert.DoesNotContain("bulky", await template.Content.ReadAsStringAsync());

        // The planning snapshot reads each kind as itself: bulky truck slots are not a warehouse's outbound.
        var campaign = await Fixtures.UploadAsync(host.Client(host.Ops), "campaigns", Fixtures.Campaigns);
        Assert.Equal("accepted", campaign.GetProperty("status").GetString());
        var snapshot = (await SnapshotReader.ReadAsync(host.Db, "D11-2026", CancellationToken.None)).Snapshot;
        // 2026-11-11 00:00 in Shanghai is hour 240 of a horizon from 2026-11-01 00:00 there.
        string Series(CapacitySeries s) => $"{s.Kind} {s.Node} {s.Carrier ?? "-"} {s.Parcels[240]} {s.Parcels[241]} {s.Parcels[242] == SnapshotReader.Unconstrained}";
        var series = snapshot.Capacities.Where(s => s.Node is "SF-SH" or "WH-SH1").Select(Series).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["BulkyPickup WH-SH1 SF 12 12 True", "BulkySort SF-SH - 40 40 True", "Pickup WH-SH1 SF 500 500 True", "Sort SF-SH - 900 900 True"], series);
    }

    [Fact]
    public async Task Bulky_capacity_in_a_json_body_is_checked_as_in_csv()
    {
        var json = """[{"node":"SF-BJ","kind":"bulky_sort","start":"2026-11-12T00:00:00+08:00","hours":1,"parcels":30},{"node":"WH-BJ1","kind":"bulky_pickup","start":"2026-11-12T00:00:00+08:00","hours":1,"parcels":5}]""";
        var ok = await host.UploadAsync(host.Sf, System.Text.Encoding.UTF8.GetBytes(json), "application/json");
        Assert.True(ok.GetProperty("status").GetString() == "accepted", ok.ToString());
        var bad = await host.UploadAsync(host.Yto, System.Text.Encoding.UTF8.GetBytes(json.Replace("SF-BJ", "YTO-SH")), "application/json");
        Assert.Equal("rejected", bad.GetProperty("status").GetString());
        var reasons = bad.GetProperty("errors").EnumerateArray().Select(e => $"{e.GetProperty("line").GetInt64()} {e.GetProperty("rule").GetString()}").ToList();
        // YTO may give YTO-SH's bulky line, not bulky slots at WH-BJ1 where it has no lane.
        Assert.Equal(["2 kind_not_allowed"], reasons);
    }
}
