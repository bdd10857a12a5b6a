using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Dapper;
using Logistics.Server.Planning;
using Logistics.Server.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace Logistics.Server.Tests.Planning;

/// <summary>A small world loaded through the real upload paths, then planned for real.</summary>
public class SmallWorldHost : TestHost
{
    private string _ops = "";

    public string OpsKey => _ops;

    /// <summary>Called once the server is up, before any data is loaded (a subclass starts its workers here).</summary>
    protected virtual Task StartedAsync() => Task.CompletedTask;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await StartedAsync();
        _ops = await KeyAsync("ops");
        var ops = Client(_ops);
        await Fixtures.UploadAsync(ops, "network", Fixtures.Network);
        var campaigns = await Fixtures.UploadAsync(ops, "campaigns", Fixtures.Campaigns + "\nD11-2025,Double 11 2025,Asia/Shanghai,2025-11-01;2025-11-11,2025-11-01,2025-11-14,72\n");
        Assert.Equal("accepted", campaigns.GetProperty("status").GetString());

        var (signals, outcomes) = Demand();
        await UploadAndWaitAsync("signals", signals);
        await UploadAndWaitAsync("outcomes", outcomes);

        // SF's Shanghai hub can sort only 50 parcels an hour on 11.11 (Shanghai time): a peak it cannot take.
        var capacity = new StringBuilder("node,kind,start,hours,parcels\n");
        for (var h = 0; h < 24; h++) capacity.Append($"SF-SH,sort,2026-11-11T{h:00}:00:00+08:00,1,50\n");
        await UploadAndWaitAsync("capacity", capacity.ToString());
    }

    /// <summary>Two merchants' signals for a past and the current Double 11, and the past one's outcomes.</summary>
    public static (string Signals, string Outcomes) Demand()
    {
        var signals = new StringBuilder("campaign,merchant,warehouse,region,category,date,page_views,carts,favorites,deposits,presale_orders\n");
        var outcomes = new StringBuilder("campaign,merchant,warehouse,carrier,region,date,hour,parcels\n");
        foreach (var (campaign, year, scale) in new[] { ("D11-2025", 2025, 1.0), ("D11-2026", 2026, 1.4) })
            for (var d = 0; d < 30; d++)
            {
                var day = new DateOnly(year, 10, 2).AddDays(d).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                var carts = (int)(scale * (200 + 20 * d));
                signals.Append($"{campaign},M-ACME,WH-SH1,EAST,apparel,{day},{carts * 10},{carts},{carts / 2},{carts / 10},{carts / 20}\n");
                signals.Append($"{campaign},M-BOLT,WH-BJ1,NORTH,toys,{day},{carts * 5},{carts / 2},{carts / 4},{carts / 20},{carts / 40}\n");
            }
        for (var d = 0; d < 14; d++)
        {
            var date = new DateOnly(2025, 11, 1).AddDays(d);
            var peak = date.Day is 1 or 11 ? 4 : 1;
            foreach (var hour in Enumerable.Range(9, 10))
            {
                var day = date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                outcomes.Append($"D11-2025,M-ACME,WH-SH1,SF,EAST,{day},{hour},{60 * peak}\n");
                outcomes.Append($"D11-2025,M-ACME,WH-SH1,YTO,EAST,{day},{hour},{20 * peak}\n");
                outcomes.Append($"D11-2025,M-BOLT,WH-BJ1,SF,NORTH,{day},{hour},{30 * peak}\n");
            }
        }
        return (signals.ToString(), outcomes.ToString());
    }

    public async Task UploadAndWaitAsync(string kind, string csv, string? key = null)
    {
        using var response = await Client(key ?? _ops).PostAsync($"/v1/{kind}/uploads", new StringContent(csv, Encoding.UTF8, "text/csv"));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var location = response.Headers.Location!.ToString();
        for (var i = 0; i < 300; i++)
        {
            var status = await Fixtures.GetJsonAsync(Client(_ops), location);
            var s = status.GetProperty("status").GetString();
            if (s == "accepted") return;
            Assert.True(s != "rejected", $"{kind} upload rejected: {status}");
            await Task.Delay(50);
        }
        throw new TimeoutException($"{kind} upload never finished");
    }
}

public sealed class PlanningRunTests(SmallWorldHost host) : IClassFixture<SmallWorldHost>
{
    private string _ops => host.OpsKey;

    private PlanningRun Runs() => new(host.Db, TestClock.Provider, NullLogger<PlanningRun>.Instance);

    [Fact]
    public async Task A_run_publishes_windows_that_add_up_and_alerts_where_the_hub_is_full_and_an_identical_rerun_publishes_nothing()
    {
        var first = await Runs().RunAsync("D11-2026", "manual", "test", null, CancellationToken.None);
        Assert.True(first.Status == "published", first.Error);
        Assert.Equal(["snapshot", "forecast", "plan", "alerts", "publish"], first.Stages.Select(s => s.Name));
        Assert.True(first.Counts["forecast_parcels"] > 0);

        // The merchant's windows add up to its planned parcels, and no hub hour is over capacity.
        var acme = await host.KeyAsync("merchant", "M-ACME");
        // The API learns of a publication by NOTIFY (or its 3 s fallback poll): poll as a merchant would.
        JsonElement page = default;
        for (var i = 0; i < 100; i++)
        {
            page = await Fixtures.GetJsonAsync(host.Client(acme), "/v1/shipment-windows?campaign=D11-2026");
            if (page.GetProperty("plan_run").ValueKind == JsonValueKind.Number && page.GetProperty("plan_run").GetInt64() == first.RunId) break;
            await Task.Delay(100);
        }
        Assert.Equal(first.RunId, page.GetProperty("plan_run").GetInt64());
        var windows = page.GetProperty("windows").EnumerateArray().ToList();
        Assert.NotEmpty(windows);
        var planned = first.Plan!.Merchants.Single(m => m.Merchant == "M-ACME").PlannedParcels;
        Assert.Equal(planned, windows.Sum(w => w.GetProperty("max_parcels").GetInt64()));
        // Every merchant's stored windows are the plan's, in its order (they are copied by index, not as records).
        await using (var conn = await host.Db.OpenConnectionAsync())
        {
            var stored = (await conn.QueryAsync<(string Merchant, string Warehouse, string Carrier, string Hub, int Start, int Hours, int Max)>("""
                SELECT m.code, w.code, c.code, h.code, u.start_hour, u.hours, u.max_parcels
                FROM merchant_windows mw JOIN merchants m ON m.id = mw.merchant_id,
                     unnest(mw.warehouse_ids, mw.carrier_ids, mw.hub_ids, mw.start_hours, mw.hours, mw.max_parcels)
                         WITH ORDINALITY AS u(warehouse_id, carrier_id, hub_id, start_hour, hours, max_parcels, i)
                     JOIN warehouses w ON w.id = u.warehouse_id JOIN carriers c ON c.id = u.carrier_id JOIN hubs h ON h.id = u.hub_id
                WHERE mw.plan_run_id = @RunId
                ORDER BY m.code COLLATE "C", u.i
                """, new { first.RunId })).ToList();
            var expected = first.Plan.Windows.Select(w => (w.Merchant, w.Warehouse, w.Carrier, w.Hub, w.StartHour, w.EndHour - w.StartHour, (int)w.MaxParcels))
                .GroupBy(w => w.Merchant).OrderBy(g => g.Key, StringComparer.Ordinal).SelectMany(g => g).ToList();
            Assert.True(expected.Select(w => w.Merchant).Distinct().Count() > 1, "the test needs windows of several merchants");
            Assert.Equal(expected, stored);
        }
        var sfShanghai = first.Plan.Loads.Single(l => l.Kind == Logistics.Domain.Planning.LoadNodeKind.OriginSort && l.Node == "SF-SH");
        for (var h = 0; h < sfShanghai.Planned.Length; h++)
            Assert.True(sfShanghai.Planned[h] <= sfShanghai.Capacity![h] + 1e-9, $"hour {h}: {sfShanghai.Planned[h]} > {sfShanghai.Capacity[h]}");

        // The published alerts agree with the plan's: ACME is told about the nodes it hands parcels to
        // (SF-SH, WH-SH1), never sees watch (ops only), and a destination hub reaches it only as a delay notice.
        var alerts = (await Fixtures.GetJsonAsync(host.Client(acme), "/v1/alerts?campaign=D11-2026")).GetProperty("alerts").EnumerateArray().ToList();
        Assert.Equal(first.Alerts.Count(a => a.ForMerchants && a.Kind == Logistics.Domain.Alerts.AlertKind.Handover && a.Node is "SF-SH" or "WH-SH1"),
            alerts.Count(a => a.GetProperty("kind").GetString() == "handover" && a.GetProperty("node").GetString() is "SF-SH" or "WH-SH1"));
        Assert.Contains(alerts, a => a.GetProperty("node").GetString() == "SF-SH");
        Assert.DoesNotContain(alerts, a => a.GetProperty("level").GetString() == "watch");
        Assert.All(alerts.Where(a => a.GetProperty("node_kind").GetString() == "destination_hub"), a =>
        {
            Assert.Equal(("delay", "delay"), (a.GetProperty("kind").GetString(), a.GetProperty("level").GetString()));
            Assert.Equal(JsonValueKind.Null, a.GetProperty("avoid").ValueKind);
            Assert.DoesNotContain("Hand over only", a.GetProperty("advice").GetString());
        });
        // Local and UTC times are the same instants, the local ones with the campaign's offset (+08:00).
        Assert.All(alerts, a =>
        {
            var start = a.GetProperty("start").GetDateTimeOffset();
            var local = a.GetProperty("start_local").GetDateTimeOffset();
            Assert.Equal(start, local);
            Assert.Equal(TimeSpan.FromHours(8), local.Offset);
            Assert.Equal(a.GetProperty("end").GetDateTimeOffset(), a.GetProperty("end_local").GetDateTimeOffset());
            Assert.Equal("Asia/Shanghai", a.GetProperty("time_zone").GetString());
            Assert.Contains("(Asia/Shanghai)", a.GetProperty("reason").GetString());
        });

        var second = await Runs().RunAsync("D11-2026", "manual", "test", null, CancellationToken.None);
        Assert.Equal("unchanged", second.Status);
        var latest = await Fixtures.GetJsonAsync(host.Client(_ops), "/v1/plan-runs/latest?campaign=D11-2026");
        Assert.Equal("unchanged", latest.GetProperty("status").GetString());
        var windowsAgain = await Fixtures.GetJsonAsync(host.Client(acme), "/v1/shipment-windows?campaign=D11-2026");
        Assert.Equal(first.RunId, windowsAgain.GetProperty("plan_run").GetInt64());
    }

}

public sealed class PlanningConcurrencyTests(SmallWorldHost host) : IClassFixture<SmallWorldHost>
{
    private PlanningRun Runs() => new(host.Db, TestClock.Provider, NullLogger<PlanningRun>.Instance);

    [Fact]
    public async Task Two_runs_started_together_run_once_and_record_one_skip()
    {
        var runs = await Task.WhenAll(
            Runs().RunAsync("D11-2026", "manual", "a", null, CancellationToken.None),
            Runs().RunAsync("D11-2026", "manual", "b", null, CancellationToken.None));
        Assert.Single(runs, r => r.Status == "skipped");
        Assert.Single(runs, r => r.Status is "published" or "unchanged");
        await using var conn = await host.Db.OpenConnectionAsync();
        Assert.True(await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM plan_runs WHERE status = 'skipped'") >= 1);
    }

    [Fact]
    public async Task The_plan_command_plans_and_prints_its_summary()
    {
        var r = await LogisticsCli.RunAsync(host.ConnectionString, "plan", "--campaign", "D11-2026");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Matches(@"D11-2026: run \d+ (published|unchanged)", r.Stdout);
        var missing = await LogisticsCli.RunAsync(host.ConnectionString, "plan", "--campaign", "NOPE");
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("no campaign 'NOPE'", missing.Stderr);
    }
}
