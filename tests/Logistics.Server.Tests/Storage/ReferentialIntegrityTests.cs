using Dapper;
using Logistics.Server.Tests.Support;
using Npgsql;

namespace Logistics.Server.Tests.Storage;

/// <summary>The integrity check the demo and retention tests end with finds a dangling id, so it can fail.</summary>
public sealed class ReferentialIntegrityTests
{
    [Fact]
    public async Task A_row_naming_a_run_and_merchant_that_do_not_exist_is_reported()
    {
        await using var conn = new NpgsqlConnection(await TestCluster.CreateDatabaseAsync());
        await conn.OpenAsync();
        await ReferentialIntegrity.AssertAsync(conn);

        await conn.ExecuteAsync("INSERT INTO merchant_alerts (plan_run_id, merchant_id, alert_ids) VALUES (999, 999, '{}')");
        var e = await Assert.ThrowsAnyAsync<Xunit.Sdk.XunitException>(() => ReferentialIntegrity.AssertAsync(conn));
        Assert.Contains("merchant_alerts → plan_runs, merchants, alerts: 1 rows", e.Message);
    }
}
