using System.Globalization;
using System.Text;
using System.Text.Json;
using Logistics.Domain.Capacity;
using Logistics.Domain.Handling;
using Logistics.Domain.Planning;
using Logistics.Server.Planning;
using Logistics.Server.WhatIf;
using Logistics.Server.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace Logistics.Server.Tests.Planning;

/// <summary>
/// The small world with appliances: ACME sells apparel and fridges (a bulky category) from WH-SH1,
/// where SF and YTO pick up. Only SF's Shanghai hub has a bulky line, and a narrow one on 11.11 and
/// 11.12; YTO's has none.
/// </summary>
public sealed class ApplianceWorldHost : SmallWorldHost
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var ops = Client(OpsKey);
        // The network file again, with the handling column: fridges are bulky, apparel a parcel.
        var network = new StringBuilder();
        foreach (var line in Fixtures.Network.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            network.Append(line.TrimEnd()).Append(line.StartsWith("kind,", StringComparison.Ordinal) ? ",handling\n" : ",\n");
        network.Append("category,fridges,Fridges,,,bulky\ncategory,apparel,Apparel,,,parcel\n");
        var accepted = await Fixtures.UploadAsync(ops, "network", network.ToString());
        Assert.True(accepted.GetProperty("status").GetString() == "accepted", accepted.ToString());

        var signals = new StringBuilder("campaign,merchant,warehouse,region,category,date,page_views,carts,favorites,deposits,presale_orders\n");
        var outcomes = new StringBuilder("campaign,merchant,warehouse,carrier,region,date,hour,parcels,handling\n");
        foreach (var (campaign, year, scale) in new[] { ("D11-2025", 2025, 1.0), ("D11-2026", 2026, 1.4) })
            for (var d = 0; d < 30; d++)
            {
                var day = new DateOnly(year, 10, 2).AddDays(d).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                var carts = (int)(scale * (40 + 4 * d));
                signals.Append($"{campaign},M-ACME,WH-SH1,EAST,fridges,{day},{carts * 10},{carts},{carts / 2},{carts / 10},{carts / 20}\n");
            }
        // Last year ACME also shipped fridges, all through SF.
        for (var d = 0; d < 14; d++)
        {
            var date = new DateOnly(2025, 11, 1).AddDays(d);
            var peak = date.Day is 1 or 11 ? 4 : 1;
            foreach (var hour in Enumerable.Range(9, 10))
                outcomes.Append($"D11-2025,M-ACME,WH-SH1,SF,EAST,{date:yyyy-MM-dd},{hour},{6 * peak},bulky\n");
        }
        await UploadAndWaitAsync("signals", signals.ToString());
        await UploadAndWaitAsync("outcomes", outcomes.ToString());

        await UploadAndWaitAsync("capacity", "node,kind,start,hours,parcels\n" +
            "SF-SH,bulky_sort,2026-11-11T00:00:00+08:00,24,3\nSF-SH,bulky_sort,2026-11-12T00:00:00+08:00,24,3\n");
    }
}

public sealed class BulkyPlanningTests(ApplianceWorldHost host) : IClassFixture<ApplianceWorldHost>
{
    [Fact]
    public async Task A_what_if_changes_a_bulky_line_only_when_it_names_the_kind_and_publishes_it_as_the_carriers_bulky_sort()
    {
        var snapshot = (await SnapshotReader.ReadAsync(host.Db, "D11-2026", CancellationToken.None)).Snapshot;
        var from = new DateTimeOffset(2026, 11, 11, 0, 0, 0, TimeSpan.FromHours(8));
        var overrides = new[]
        {
            new CapacityOverride("SF-SH", "bulky_sort", from, from.AddHours(24), Parcels: 40),
            new CapacityOverride("SF-SH", null, from.AddHours(24), from.AddHours(48), Factor: 0.5),
        };
        var (resolved, errors) = OverrideChecks.Check(overrides, snapshot.Network);
        Assert.Empty(errors);
        var applied = OverrideApplier.Apply(snapshot.Capacities, resolved, snapshot.Campaign);
        long[] Of(IReadOnlyList<CapacitySeries> s, CapacityKind kind) => [.. s.Single(c => c.Kind == kind && c.Node == "SF-SH").Parcels];
        // Hour 240 is Nov 11 00:00 in Shanghai: the named bulky line is raised; a kind-less override halves the sorter only.
        var (line, lineBefore) = (Of(applied, CapacityKind.BulkySort), Of(snapshot.Capacities, CapacityKind.BulkySort));
        var (sorter, sorterBefore) = (Of(applied, CapacityKind.Sort), Of(snapshot.Capacities, CapacityKind.Sort));
        Assert.Equal([.. Enumerable.Repeat(40L, 24), .. lineBefore[264..288]], line[240..288]);
        Assert.Equal(sorterBefore[240..264], sorter[240..264]);
        Assert.Equal(sorterBefore[264..288].Select(p => p >= SnapshotReader.Unconstrained ? p : p / 2), sorter[264..288]);

        // "Publish this" gives SF, the hub's carrier, the bulky line as a bulky_sort upload.
        await using var conn = await host.Db.OpenConnectionAsync();
        var files = await OverrideUploads.BuildAsync(conn, resolved[..1], snapshot.Network, CancellationToken.None);
        var file = Assert.Single(files);
        Assert.Equal("SF", file.Carrier);
        Assert.Equal(24, file.Csv.Split('\n').Count(l => l.StartsWith("SF-SH,bulky_sort,2026-11-1", StringComparison.Ordinal) && l.EndsWith(",1,40", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Appliances_get_bulky_windows_on_the_one_hub_with_a_bulky_line_and_an_alert_that_names_the_line()
    {
        var run = await new PlanningRun(host.Db, TestClock.Provider, NullLogger<PlanningRun>.Instance).RunAsync("D11-2026", "manual", "test", null, CancellationToken.None);
        Assert.True(run.Status == "published", run.Error);
        var plan = run.Plan!;

        // Both classes were forecast and planned; bulky goods only ever go to SF-SH, whose line they never overfill.
        var bulky = plan.Windows.Where(w => w.Handling == HandlingClass.Bulky).ToList();
        Assert.NotEmpty(bulky);
        Assert.Contains(plan.Windows, w => w.Merchant == "M-ACME" && w.Handling == HandlingClass.Parcel);
        Assert.All(bulky, w => Assert.Equal(("M-ACME", "WH-SH1", "SF", "SF-SH"), (w.Merchant, w.Warehouse, w.Carrier, w.Hub)));
        var line = plan.Loads.Single(l => l.Kind == LoadNodeKind.BulkyOriginSort && l.Node == "SF-SH");
        for (var h = 0; h < line.Planned.Length; h++)
            Assert.True(line.Planned[h] <= line.Capacity![h] + 1e-9, $"hour {h}: {line.Planned[h]} > {line.Capacity[h]}");
        Assert.DoesNotContain(plan.Loads, l => l.Kind == LoadNodeKind.BulkyOriginSort && l.Node == "YTO-SH");
        // Parcel capacity carries no bulky goods: SF-SH's sorter load is the parcel windows' alone.
        var sorter = plan.Loads.Single(l => l.Kind == LoadNodeKind.OriginSort && l.Node == "SF-SH");
        Assert.Equal(plan.Windows.Where(w => w.Hub == "SF-SH" && w.Handling == HandlingClass.Parcel).Sum(w => w.MaxParcels), sorter.Planned.Sum(), 6);

        // The merchant reads its windows with their class, and they add up to its plan.
        var acme = await host.KeyAsync("merchant", "M-ACME");
        var page = await Fixtures.PollUntilAsync(host.Client(acme), "/v1/shipment-windows?campaign=D11-2026",
            p => p.GetProperty("plan_run").ValueKind == JsonValueKind.Number && p.GetProperty("plan_run").GetInt64() == run.RunId);
        var windows = page.GetProperty("windows").EnumerateArray().ToList();
        Assert.Equal(plan.Merchants.Single(m => m.Merchant == "M-ACME").PlannedParcels, windows.Sum(w => w.GetProperty("max_parcels").GetInt64()));
        Assert.Equal(bulky.Sum(w => w.MaxParcels), windows.Where(w => w.GetProperty("handling").GetString() == "bulky").Sum(w => w.GetProperty("max_parcels").GetInt64()));
        Assert.All(windows, w => Assert.Contains(w.GetProperty("handling").GetString(), HandlingClasses.Names));

        // The full bulky line is the merchant's to act on, named as the line, never as the hub's sorter.
        var alerts = (await Fixtures.GetJsonAsync(host.Client(acme), "/v1/alerts?campaign=D11-2026")).GetProperty("alerts").EnumerateArray().ToList();
        var full = Assert.Single(alerts, a => a.GetProperty("node_kind").GetString() == "bulky_origin_hub" && a.GetProperty("level").GetString() == "blocked");
        Assert.Equal("SF-SH", full.GetProperty("node").GetString());
        Assert.StartsWith("SF's hub SF-SH's bulky line is full from ", full.GetProperty("reason").GetString());
        Assert.Contains("Hand over only what your windows reserve", full.GetProperty("advice").GetString());

        // The region's status shows the bulky line beside the sorter, and bulky line-hauls apart, each
        // waiting in its own class's queue.
        var east = await Fixtures.GetJsonAsync(host.Client(acme), "/v1/regions/EAST/status?campaign=D11-2026");
        var hubs = east.GetProperty("hubs").EnumerateArray().ToList();
        Assert.Equal(["SF-SH destination_hub", "YTO-SH destination_hub", "SF-SH bulky_destination_hub"],
            hubs.Select(h => $"{h.GetProperty("node").GetString()} {h.GetProperty("node_kind").GetString()}"));
        var lanes = east.GetProperty("lanes").EnumerateArray().ToList();
        var bulkyLane = Assert.Single(lanes, l => l.GetProperty("handling").GetString() == "bulky");
        Assert.Equal(("SF-SH", "SF-SH", "SF"), (bulkyLane.GetProperty("origin").GetString(), bulkyLane.GetProperty("destination").GetString(), bulkyLane.GetProperty("carrier").GetString()));
        var planLane = plan.Lanes.Single(l => l.Handling == HandlingClass.Bulky && l.Destination == "SF-SH");
        Assert.Equal(Math.Round(planLane.Planned.Sum()), bulkyLane.GetProperty("days").EnumerateArray().Sum(d => d.GetProperty("planned").GetInt64()), 0);
        Assert.Equal(lanes.Count - 1, lanes.Count(l => l.GetProperty("handling").GetString() == "parcel"));
        var lineDelay = hubs[2].GetProperty("hours").EnumerateArray()
            .ToDictionary(h => h.GetProperty("start").GetDateTimeOffset(), h => h.GetProperty("delay_hours").ValueKind == JsonValueKind.Null ? (double?)null : h.GetProperty("delay_hours").GetDouble());
        var hourly = bulkyLane.GetProperty("hourly");
        var start = hourly.GetProperty("start").GetDateTimeOffset();
        var waits = hourly.GetProperty("delay_hours").EnumerateArray().Select(w => w.ValueKind == JsonValueKind.Null ? (double?)null : w.GetDouble()).ToList();
        Assert.Contains(waits, w => w > 0);
        for (var i = 0; i < waits.Count; i++) Assert.Equal(lineDelay[start.AddHours(i)], waits[i]);

        // The dashboard's network page filters the most loaded nodes by class.
        var ops = host.Client(host.OpsKey);
        async Task<List<string>> Kinds(string query)
        {
            var html = await ops.GetStringAsync($"/ops/network?campaign=D11-2026{query}");
            var table = html[html.IndexOf("Most loaded nodes", StringComparison.Ordinal)..];
            return [.. System.Text.RegularExpressions.Regex.Matches(table, "<tr><td><a [^>]*>[^<]*</a></td><td>([^<]*)</td>").Select(m => m.Groups[1].Value)];
        }
        var every = await Kinds("");
        Assert.Contains(every, k => k.StartsWith("bulky ", StringComparison.Ordinal));
        Assert.Contains(every, k => !k.StartsWith("bulky ", StringComparison.Ordinal));
        Assert.All(await Kinds("&handling=bulky"), k => Assert.StartsWith("bulky ", k));
        Assert.NotEmpty(await Kinds("&handling=bulky"));
        Assert.All(await Kinds("&handling=parcel"), k => Assert.False(k.StartsWith("bulky", StringComparison.Ordinal), k));
        Assert.Contains("handling must be parcel or bulky, not ", await ops.GetStringAsync("/ops/network?campaign=D11-2026&handling=fridges"));
        // The regions page, one class at a time: EAST's bulky lines are SF-SH's alone, its sorters both carriers'.
        var bulkyEast = await ops.GetStringAsync("/ops/regions?campaign=D11-2026&region=EAST&date=2026-11-12&handling=bulky");
        var parcelEast = await ops.GetStringAsync("/ops/regions?campaign=D11-2026&region=EAST&date=2026-11-12");
        Assert.Contains("<h3>SF-SH (SF)</h3>", bulkyEast);
        Assert.DoesNotContain("<h3>YTO-SH (YTO)</h3>", bulkyEast);
        Assert.Contains("data-region=\"EAST\"", bulkyEast);
        Assert.Contains("<h3>SF-SH (SF)</h3>", parcelEast);
        Assert.Contains("<h3>YTO-SH (YTO)</h3>", parcelEast);
        Assert.Contains("handling must be parcel or bulky", await ops.GetStringAsync("/ops/regions?campaign=D11-2026&handling=fridges"));

        // BOLT ships no bulky goods: no bulky alert concerns it.
        var bolt = await host.KeyAsync("merchant", "M-BOLT");
        var boltAlerts = (await Fixtures.GetJsonAsync(host.Client(bolt), "/v1/alerts?campaign=D11-2026")).GetProperty("alerts").EnumerateArray();
        Assert.DoesNotContain(boltAlerts, a => a.GetProperty("node_kind").GetString()!.StartsWith("bulky", StringComparison.Ordinal));
    }
}
