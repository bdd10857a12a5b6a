using Dapper;
using Logistics.Server.Storage;
using Logistics.Server.Tests.Support;
using Npgsql;

namespace Logistics.Server.Tests.Storage;

/// <summary>0012 stores a publication per merchant; what was published before it moves over whole.</summary>
public sealed class PublicationMigrationTests
{
    [Fact]
    public async Task Rows_published_before_0012_read_the_same_through_the_views_after_it()
    {
        var (source, all) = await MigratedDatabase.BeforeAsync("0012");
        await using var db = source;
        await using var conn = await db.OpenConnectionAsync();
        // Two runs of one campaign (the second published), windows off the first window's hour and
        // on two hubs, an alert audience, and feed positions over two runs.
        await conn.ExecuteAsync("""
            INSERT INTO campaigns (code, name, time_zone, sale_days, horizon_start, horizon_end) VALUES ('C', 'c', 'UTC', '{2026-11-11}', '2026-11-01', '2026-11-14');
            INSERT INTO plan_runs (campaign_id, status) SELECT id, 'published' FROM campaigns, generate_series(1, 2);
            INSERT INTO publications SELECT c.id, max(r.id), now() FROM campaigns c JOIN plan_runs r ON r.campaign_id = c.id GROUP BY c.id;
            INSERT INTO shipment_windows
            SELECT r.id, w.merchant, w.warehouse, 1, w.hub, w.starts, w.ends, w.parcels
            FROM (SELECT min(id) AS first, max(id) AS second FROM plan_runs) runs
            CROSS JOIN LATERAL (VALUES
                (runs.first,  10, 1, 1, timestamptz '2026-11-10 16:00+00', timestamptz '2026-11-10 18:00+00', 5),
                (runs.second, 10, 1, 2, timestamptz '2026-11-10 20:00+00', timestamptz '2026-11-10 21:00+00', 7),
                (runs.second, 10, 1, 1, timestamptz '2026-11-10 16:00+00', timestamptz '2026-11-10 18:00+00', 6),
                (runs.second, 11, 2, 1, timestamptz '2026-11-11 00:00+00', timestamptz '2026-11-11 03:00+00', 9))
                AS w(run, merchant, warehouse, hub, starts, ends, parcels)
            JOIN plan_runs r ON r.id = w.run;
            INSERT INTO alerts (campaign_id, alert_key, version, in_force, network_wide, level, node, node_kind, starts_at, ends_at, body, first_published, plan_run_id)
            SELECT c.id, k, 1, true, false, 'watch', 'N', 'origin_hub', now(), now(), '{}', now(), p.plan_run_id
            FROM campaigns c JOIN publications p ON p.campaign_id = c.id, unnest(ARRAY['a', 'b']) AS k;
            INSERT INTO alert_audience SELECT a.id, m FROM alerts a, unnest(CASE a.alert_key WHEN 'a' THEN ARRAY[10] ELSE ARRAY[10, 11] END) AS m;
            INSERT INTO alert_events (position, campaign_id, alert_id, kind, version, network_wide, body, plan_run_id, published_at)
            SELECT e.position, a.campaign_id, a.id, e.kind, e.version, false, '{}', r.id, now()
            FROM (VALUES (1, 'a', 'created', 1, 1), (2, 'b', 'created', 1, 1), (3, 'b', 'updated', 2, 2)) AS e(position, alert_key, kind, version, run)
            JOIN alerts a ON a.alert_key = e.alert_key
            JOIN plan_runs r ON r.id = (SELECT min(id) FROM plan_runs) + e.run - 1;
            INSERT INTO alert_event_audience VALUES (10, 1), (10, 2), (11, 2), (10, 3), (11, 3);
            """);
        const string windows = "SELECT plan_run_id, merchant_id, warehouse_id, carrier_id, hub_id, starts_at, ends_at, max_parcels FROM shipment_windows ORDER BY 1, 2, 6, 5";
        const string audience = "SELECT alert_id, merchant_id FROM alert_audience ORDER BY 1, 2";
        const string feed = "SELECT merchant_id, position FROM alert_event_audience ORDER BY 1, 2";
        var before = (await Rows(conn, windows), await Rows(conn, audience), await Rows(conn, feed));

        await new MigrationRunner(db, all).MigrateAsync();

        Assert.Equal(before.Item1, await Rows(conn, windows));
        Assert.Equal(before.Item2, await Rows(conn, audience));
        Assert.Equal(before.Item3, await Rows(conn, feed));
        Assert.Equal(4, before.Item1.Count);
        // One row per merchant and run; a merchant's feed in a row per run, never overlapping.
        Assert.Equal(3, await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM merchant_windows"));
        Assert.Equal([(10L, 1L, 2L), (10L, 3L, 3L), (11L, 2L, 2L), (11L, 3L, 3L)],
            (await conn.QueryAsync<(long, long, long)>("SELECT merchant_id, first_position, last_position FROM merchant_feed ORDER BY 1, 2")).ToList());
    }

    private static async Task<List<string>> Rows(NpgsqlConnection conn, string sql) =>
        (await conn.QueryAsync(sql)).Select(r => string.Join("|", ((IDictionary<string, object>)r).Values)).ToList();
}
