using System.Text.RegularExpressions;
using Dapper;
using Logistics.Server.Tests.Support;
using Npgsql;

namespace Logistics.Server.Tests.Cli;

public sealed class DemoCommandTests
{
    [Fact]
    public async Task The_small_demo_plans_the_next_double_11_prints_what_to_do_and_runs_again_in_the_same_folder()
    {
        var cs = await TestCluster.CreateDatabaseAsync();
        var r = await LogisticsCli.RunAsync(cs, "demo", "--scale", "small", "--seed", "11", "--once");

        Assert.True(r.ExitCode == 0, r.Stderr + r.Stdout);
        foreach (var line in new[] { "import campaigns and network ... accepted", "upload signals ...", "run 1 published", "Parcels reaching origin hubs per day",
                     "Blocked:", "Also in force:", "Replayed day by day", "blocked alerts: precision", "contradictions 0", "Try it" })
            Assert.Contains(line, r.Stdout);
        // Stage timings only with --verbose.
        Assert.DoesNotContain("snapshot: ", r.Stdout);
        // One line per blocked node, with its local time, zone and what to do instead.
        var blockedLine = new Regex(@"^\s+\S.*\w{3} \d+ \d\d:\d\d – \w{3} \d+ \d\d:\d\d \(Asia/Shanghai\); [\d,]+ parcels would come against [\d,]+; instead: ", RegexOptions.Multiline);
        Assert.Matches(blockedLine, r.Stdout);
        var merchantKey = Regex.Match(r.Stdout, @"merchant\s+(\S+): (lgk_\S+)");
        Assert.True(merchantKey.Success, r.Stdout);

        await using var conn = new NpgsqlConnection(cs);
        Assert.Equal(1, await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM publications"));
        // The next Double 11 that has not ended (the service's clock, LOGISTICS_CLOCK, is 2026-10-28 here).
        Assert.Equal("D11-2026", await conn.ExecuteScalarAsync<string>("SELECT c.code FROM publications p JOIN campaigns c ON c.id = p.campaign_id"));
        // The merchant shown has windows, and they add up to what the summary printed.
        var merchant = merchantKey.Groups[1].Value;
        var windows = await conn.ExecuteScalarAsync<long>(
            "SELECT coalesce(sum(max_parcels), 0) FROM shipment_windows w JOIN merchants m ON m.id = w.merchant_id WHERE m.code = @merchant", new { merchant });
        Assert.Contains($"Merchant {merchant}: {windows:N0} parcels", r.Stdout);
        // Beside it an appliance seller, whose bulky windows (stored as such) are printed apart, on bulky lines.
        var seller = Regex.Match(r.Stdout, @"appliances\s+(\S+): (lgk_\S+)");
        Assert.True(seller.Success, r.Stdout);
        var bulky = await conn.ExecuteScalarAsync<long>(
            "SELECT coalesce(sum(max_parcels), 0) FROM shipment_windows w JOIN merchants m ON m.id = w.merchant_id WHERE m.code = @merchant AND w.handling = 'bulky'",
            new { merchant = seller.Groups[1].Value });
        Assert.True(bulky > 0);
        Assert.Contains($"Appliance seller {seller.Groups[1].Value}: {bulky:N0} bulky goods", r.Stdout);
        Assert.Matches(@"hand\s+[\d,]+ bulky goods to C\d+ at W\d+ \(hub C\d+-H\d+'s bulky line\)", r.Stdout);
        Assert.Contains("  bulky  ", r.Stdout);

        // Again in the same folder (the same database): it plans and publishes again, and says the same.
        var again = await LogisticsCli.RunAsync(cs, "demo", "--scale", "small", "--seed", "11", "--once", "--verbose");
        Assert.True(again.ExitCode == 0, again.Stderr + again.Stdout);
        Assert.Contains("run 2 published", again.Stdout);
        Assert.Contains("snapshot: ", again.Stdout);
        Assert.Equal(Regex.Matches(r.Stdout, blockedLine.ToString(), RegexOptions.Multiline).Count,
            Regex.Matches(again.Stdout, blockedLine.ToString(), RegexOptions.Multiline).Count);
        // The same plan: nothing new in the feed.
        Assert.Equal(await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM alert_events WHERE plan_run_id = 1"),
            await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM alert_events"));
        // What the dropped foreign keys held still holds after two full demo runs.
        await ReferentialIntegrity.AssertAsync(conn);
    }
}
