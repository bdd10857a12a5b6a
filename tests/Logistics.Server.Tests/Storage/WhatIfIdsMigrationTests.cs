using Dapper;
using Logistics.Server.Storage;
using Logistics.Server.Tests.Support;
using Npgsql;

namespace Logistics.Server.Tests.Storage;

/// <summary>
/// 0020 has what-ifs take their ids from the planning runs' sequence: on a database that already has
/// both, every id given after it is new to both tables, and the ids given before stay as they were.
/// </summary>
public sealed class WhatIfIdsMigrationTests
{
    [Fact]
    public async Task After_0020_planning_runs_and_what_ifs_never_share_an_id_and_earlier_ids_are_kept()
    {
        var cs = await TestCluster.CreateEmptyDatabaseAsync();
        await using var db = NpgsqlDataSource.Create(cs);
        var all = Migration.LoadAll();
        await new MigrationRunner(db, all.Where(m => string.CompareOrdinal(m.Name, "0020") < 0).ToList()).MigrateAsync();
        await using var conn = await db.OpenConnectionAsync();
        // Two planning runs and three what-ifs, numbered apart as before: ids 1 and 2 are both.
        await conn.ExecuteAsync("""
            INSERT INTO campaigns (code, name, time_zone, sale_days, horizon_start, horizon_end) VALUES ('C', 'c', 'UTC', '{2026-11-11}', '2026-11-01', '2026-11-14');
            INSERT INTO plan_runs (campaign_id, status, trigger) SELECT id, 'published', 'manual' FROM campaigns CROSS JOIN generate_series(1, 2);
            INSERT INTO what_if_runs (campaign_id, status, overrides) SELECT id, 'finished', '[]' FROM campaigns CROSS JOIN generate_series(1, 3);
            """);

        await new MigrationRunner(db, all).MigrateAsync();

        Assert.Equal([1L, 2L], await conn.QueryAsync<long>("SELECT id FROM plan_runs ORDER BY id"));
        Assert.Equal([1L, 2L, 3L], await conn.QueryAsync<long>("SELECT id FROM what_if_runs ORDER BY id"));
        var run = await conn.ExecuteScalarAsync<long>("INSERT INTO plan_runs (campaign_id, status, trigger) SELECT id, 'running', 'manual' FROM campaigns RETURNING id");
        var whatIf = await conn.ExecuteScalarAsync<long>("INSERT INTO what_if_runs (campaign_id, status, overrides) SELECT id, 'queued', '[]' FROM campaigns RETURNING id");
        Assert.Equal((4L, 5L), (run, whatIf));
    }
}
