using Dapper;
using Npgsql;

namespace Logistics.Server.Tests.Support;

/// <summary>
/// What the foreign keys dropped for bulk speed (sql/0007, 0008, 0011, 0014; the per-merchant arrays of
/// 0012 and the lanes of 0020 never had any) used to hold, checked by query: every id a row names exists.
/// </summary>
public static class ReferentialIntegrity
{
    /// <summary>Each check counts the rows naming something that is not there.</summary>
    private static readonly (string What, string Sql)[] Checks =
    [
        ("demand_signals → campaigns, merchants, warehouses, regions", """
            SELECT count(*) FROM demand_signals s
            WHERE NOT EXISTS (SELECT 1 FROM campaigns x WHERE x.id = s.campaign_id)
               OR NOT EXISTS (SELECT 1 FROM merchants x WHERE x.id = s.merchant_id)
               OR NOT EXISTS (SELECT 1 FROM warehouses x WHERE x.id = s.warehouse_id)
               OR NOT EXISTS (SELECT 1 FROM regions x WHERE x.id = s.region_id)
            """),
        ("demand_outcomes → campaigns, merchants, warehouses, carriers, regions", """
            SELECT count(*) FROM demand_outcomes o
            WHERE NOT EXISTS (SELECT 1 FROM campaigns x WHERE x.id = o.campaign_id)
               OR NOT EXISTS (SELECT 1 FROM merchants x WHERE x.id = o.merchant_id)
               OR NOT EXISTS (SELECT 1 FROM warehouses x WHERE x.id = o.warehouse_id)
               OR NOT EXISTS (SELECT 1 FROM carriers x WHERE x.id = o.carrier_id)
               OR NOT EXISTS (SELECT 1 FROM regions x WHERE x.id = o.region_id)
            """),
        ("alerts → campaigns, plan_runs", """
            SELECT count(*) FROM alerts a
            WHERE NOT EXISTS (SELECT 1 FROM campaigns x WHERE x.id = a.campaign_id)
               OR NOT EXISTS (SELECT 1 FROM plan_runs x WHERE x.id = a.plan_run_id)
            """),
        ("alert_events → alerts, campaigns, plan_runs", """
            SELECT count(*) FROM alert_events e
            WHERE NOT EXISTS (SELECT 1 FROM alerts x WHERE x.id = e.alert_id)
               OR NOT EXISTS (SELECT 1 FROM campaigns x WHERE x.id = e.campaign_id)
               OR NOT EXISTS (SELECT 1 FROM plan_runs x WHERE x.id = e.plan_run_id)
            """),
        ("plan_node_loads → plan_runs", "SELECT count(*) FROM plan_node_loads l WHERE NOT EXISTS (SELECT 1 FROM plan_runs x WHERE x.id = l.plan_run_id)"),
        ("plan_lane_loads → plan_runs", "SELECT count(*) FROM plan_lane_loads l WHERE NOT EXISTS (SELECT 1 FROM plan_runs x WHERE x.id = l.plan_run_id)"),
        ("merchant_windows → plan_runs, merchants, and each window's warehouse, carrier, hub", """
            SELECT count(*) FROM merchant_windows w
            WHERE NOT EXISTS (SELECT 1 FROM plan_runs x WHERE x.id = w.plan_run_id)
               OR NOT EXISTS (SELECT 1 FROM merchants x WHERE x.id = w.merchant_id)
               OR EXISTS (SELECT 1 FROM unnest(w.warehouse_ids) i WHERE NOT EXISTS (SELECT 1 FROM warehouses x WHERE x.id = i))
               OR EXISTS (SELECT 1 FROM unnest(w.carrier_ids) i WHERE NOT EXISTS (SELECT 1 FROM carriers x WHERE x.id = i))
               OR EXISTS (SELECT 1 FROM unnest(w.hub_ids) i WHERE NOT EXISTS (SELECT 1 FROM hubs x WHERE x.id = i))
            """),
        ("merchant_alerts → plan_runs, merchants, alerts", """
            SELECT count(*) FROM merchant_alerts m
            WHERE NOT EXISTS (SELECT 1 FROM plan_runs x WHERE x.id = m.plan_run_id)
               OR NOT EXISTS (SELECT 1 FROM merchants x WHERE x.id = m.merchant_id)
               OR EXISTS (SELECT 1 FROM unnest(m.alert_ids) i WHERE NOT EXISTS (SELECT 1 FROM alerts x WHERE x.id = i))
            """),
        // Positions at or below a trim were removed on purpose; every later one must still be an event.
        ("merchant_feed → merchants, alert_events", """
            SELECT count(*) FROM merchant_feed f
            WHERE NOT EXISTS (SELECT 1 FROM merchants x WHERE x.id = f.merchant_id)
               OR EXISTS (SELECT 1 FROM unnest(f.positions) p
                          WHERE p > (SELECT coalesce(max(through), 0) FROM alert_feed_trims)
                            AND NOT EXISTS (SELECT 1 FROM alert_events x WHERE x.position = p))
            """),
        ("publications → a published run", """
            SELECT count(*) FROM publications p
            WHERE NOT EXISTS (SELECT 1 FROM plan_runs x WHERE x.id = p.plan_run_id AND x.status = 'published')
            """),
    ];

    public static async Task AssertAsync(NpgsqlConnection conn)
    {
        var broken = new List<string>();
        foreach (var (what, sql) in Checks)
            if (await conn.ExecuteScalarAsync<long>(sql) is var n and > 0) broken.Add($"{what}: {n} rows");
        Assert.True(broken.Count == 0, "dangling references: " + string.Join("; ", broken));
    }
}
