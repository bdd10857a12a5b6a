using System.Text.RegularExpressions;
using Dapper;
using Logistics.Server.Tests.Support;
using Npgsql;

namespace Logistics.Server.Tests.Cli;

public sealed class DemoCommandTests
{
    [Fact]
    public async Task The_small_demo_loads_a_generated_double_11_plans_it_and_prints_what_to_do()
    {
        var cs = await TestCluster.CreateDatabaseAsync();
        var r = await LogisticsCli.RunAsync(cs, "demo", "--scale", "small", "--seed", "11", "--once");

        Assert.True(r.ExitCode == 0, r.Stderr + r.Stdout);
        foreach (var line in new[] { "import campaigns and network ... accepted", "upload signals ...", "run 1 published", "The peak:", "Alerts in force:", "Most loaded origin hubs", "Try it" })
            Assert.Contains(line, r.Stdout);
        Assert.Matches(new Regex(@"hours over capacity as parcels would naturally arrive .*; 0 after shaving"), r.Stdout);
        var merchantKey = Regex.Match(r.Stdout, @"merchant\s+(\S+): (lgk_\S+)");
        Assert.True(merchantKey.Success, r.Stdout);

        await using var conn = new NpgsqlConnection(cs);
        Assert.Equal(1, await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM publications"));
        // The merchant shown has windows, and they add up to what the summary printed.
        var merchant = merchantKey.Groups[1].Value;
        var windows = await conn.ExecuteScalarAsync<long>(
            "SELECT coalesce(sum(max_parcels), 0) FROM shipment_windows w JOIN merchants m ON m.id = w.merchant_id WHERE m.code = @merchant", new { merchant });
        Assert.Contains($"Merchant {merchant}: {windows:N0} parcels", r.Stdout);
    }
}
