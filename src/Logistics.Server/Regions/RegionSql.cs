using Logistics.Domain.Alerts;

namespace Logistics.Server.Regions;

/// <summary>The regions feature's queries. Tenancy is in each: a merchant's id limits what it selects.</summary>
internal static class RegionSql
{
    /// <summary>
    /// The regions with their hubs: all of them for ops (@merchantId null), else those the merchant's
    /// demand signals ship to, in any campaign (or @campaign's).
    /// </summary>
    public const string List = """
        SELECT r.code, r.name, h.code AS hub, h.name AS hub_name, c.code AS carrier
        FROM regions r
        LEFT JOIN hubs h ON h.region_id = r.id
        LEFT JOIN carriers c ON c.id = h.carrier_id
        WHERE @merchantId::bigint IS NULL
           OR r.id IN (SELECT s.region_id
                       FROM campaigns k
                       CROSS JOIN LATERAL (SELECT DISTINCT d.region_id FROM demand_signals d
                                           WHERE d.campaign_id = k.id AND d.merchant_id = @merchantId) s
                       WHERE @campaign::text IS NULL OR k.code = @campaign)
        ORDER BY r.code, h.code
        """;

    /// <summary>The region, if the caller may see it in this campaign: ops always, a merchant when its signals ship there.</summary>
    public const string Find = """
        SELECT r.id, r.name FROM regions r
        WHERE r.code = @code
          AND (@merchantId::bigint IS NULL
               OR EXISTS (SELECT 1 FROM demand_signals d
                          WHERE d.campaign_id = @campaignId AND d.merchant_id = @merchantId AND d.region_id = r.id))
        """;

    /// <summary>The run's receiving loads of the region's hubs: their sorters, then their bulky lines.</summary>
    public const string HubLoads = $"""
        SELECT {Loads.NodeLoadRow.Columns}
        FROM plan_node_loads
        WHERE plan_run_id = @run AND kind IN ('{AlertLevels.DestinationHub}', '{AlertLevels.BulkyDestinationHub}')
          AND node IN (SELECT h.code FROM hubs h WHERE h.region_id = @regionId)
        ORDER BY kind = '{AlertLevels.BulkyDestinationHub}', node, carrier
        """;


    /// <summary>The run's line-hauls into the region's hubs.</summary>
    public const string Lanes = $"""
        SELECT {Loads.LaneLoadRow.Columns}
        FROM plan_lane_loads
        WHERE plan_run_id = @run
          AND destination IN (SELECT h.code FROM hubs h WHERE h.region_id = @regionId)
        ORDER BY bulky, destination, carrier, origin
        """;

    /// <summary>The delay notices in force on the region's hubs.</summary>
    public const string Alerts = $"""
        SELECT a.body::text FROM alerts a
        WHERE a.campaign_id = @campaignId AND a.in_force AND a.ends_at > @now AND a.node_kind IN ('{AlertLevels.DestinationHub}', '{AlertLevels.BulkyDestinationHub}')
          AND a.node IN (SELECT h.code FROM hubs h WHERE h.region_id = @regionId)
        ORDER BY a.starts_at, a.id
        """;
}
