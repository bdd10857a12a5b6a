using Dapper;
using Npgsql;

namespace Logistics.Server.Tests.Faults;

/// <summary>What must hold after any crash once recovery has run, read from the database itself.</summary>
public static class Invariants
{
    /// <summary>
    /// The feed's positions are 1..head with none missing and none twice; windows, merchant alerts and
    /// events belong to published runs only, and the campaign's publication is a published run with windows; no
    /// run is left running; no staging table is left.
    /// </summary>
    public static async Task AssertAsync(NpgsqlConnection conn, string campaign)
    {
        var (count, distinct, min, max) = await conn.QuerySingleAsync<(long, long, long?, long?)>(
            "SELECT count(*), count(DISTINCT position), min(position), max(position) FROM alert_events");
        Assert.Equal(count, distinct);
        if (count > 0) Assert.Equal((1L, count), (min!.Value, max!.Value));

        var published = await conn.ExecuteScalarAsync<long>(
            "SELECT p.plan_run_id FROM publications p JOIN campaigns c ON c.id = p.campaign_id WHERE c.code = @campaign", new { campaign });
        Assert.Equal("published", await conn.ExecuteScalarAsync<string>("SELECT status FROM plan_runs WHERE id = @published", new { published }));
        Assert.True(await conn.ExecuteScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM merchant_windows WHERE plan_run_id = @published)", new { published }));
        foreach (var table in new[] { "merchant_windows", "merchant_alerts", "alert_events" })
            Assert.Empty(await conn.QueryAsync<long>($"""
                SELECT DISTINCT x.plan_run_id FROM {table} x JOIN plan_runs r ON r.id = x.plan_run_id WHERE r.status <> 'published'
                """));

        Assert.Empty(await conn.QueryAsync<long>("SELECT id FROM plan_runs WHERE status = 'running'"));
        Assert.Empty(await conn.QueryAsync<string>("SELECT tablename FROM pg_tables WHERE schemaname = 'staging'"));
    }

    /// <summary>Waits until no session of a killed process is left (its transaction rolled back with it).</summary>
    public static async Task WaitSessionsGoneAsync(NpgsqlConnection conn, IReadOnlyList<int> pids)
    {
        for (var tries = 0; await conn.ExecuteScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE pid = ANY(@pids))", new { pids = pids.ToArray() }); tries++)
        {
            if (tries >= 600)
            {
                var left = await conn.QueryAsync<(int, string?, string?, string?, string?)>(
                    "SELECT pid, state, wait_event_type, wait_event, left(query, 200) FROM pg_stat_activity WHERE pid = ANY(@pids)", new { pids = pids.ToArray() });
                Assert.Fail("the killed process's sessions never ended: " + string.Join("; ", left));
            }
            await Task.Delay(50);
        }
    }

    /// <summary>The sessions of this database open now, to tell a killed node's from the test's own.</summary>
    public static async Task<List<int>> SessionsAsync(NpgsqlConnection conn) =>
        [.. await conn.QueryAsync<int>("SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()")];
}
