using Logistics.Server.Ingest;

namespace Logistics.Server.Demand;

/// <summary>outcomes: campaign,merchant,warehouse,carrier,region,date,hour,parcels (what really shipped).</summary>
internal sealed class OutcomesFormat : BulkFormat
{
    public static readonly OutcomesFormat Instance = new();

    public override string Kind => "outcomes";
    public override IReadOnlyList<string> Required { get; } = ["campaign", "merchant", "warehouse", "carrier", "region", "date", "hour", "parcels"];

    public override IReadOnlyList<string> Checks { get; } =
    [
        .. DemandChecks.References("merchant", "merchants"),
        .. DemandChecks.References("warehouse", "warehouses"),
        .. DemandChecks.References("carrier", "carriers"),
        .. DemandChecks.References("region", "regions"),
        .. DemandChecks.CampaignAndDate,
        DemandChecks.MerchantUsesWarehouse,
        """
        SELECT line, 'hour', hour, 'an hour is a whole number from 0 to 23 (the local hour of the handover)'
        FROM {staged} WHERE hour !~ '^([01]?\d|2[0-3])$'
        """,
        DemandChecks.RequiredCount("parcels"),
        DemandChecks.Duplicates("campaign, merchant, warehouse, carrier, region, date, hour", "hour", "campaign, merchant, warehouse, carrier, region, date and hour"),
    ];

    public override string Partitions => "SELECT DISTINCT c.id FROM {staged} s JOIN campaigns c ON c.code = s.campaign";

    public override IReadOnlyList<string> Merge { get; } =
    [
        """
        INSERT INTO demand_outcomes AS d (campaign_id, merchant_id, warehouse_id, carrier_id, region_id, day, hour, parcels, upload_id)
        SELECT c.id, m.id, w.id, k.id, r.id, s.date::date, s.hour::smallint, s.parcels::bigint, @upload
        FROM {staged} s
        JOIN campaigns c ON c.code = s.campaign
        JOIN merchants m ON m.code = s.merchant
        JOIN warehouses w ON w.code = s.warehouse
        JOIN carriers k ON k.code = s.carrier
        JOIN regions r ON r.code = s.region
        ORDER BY 1, 2, 3, 4, 5, 6, 7   -- in key order: the primary key's B-tree is filled left to right
        ON CONFLICT (campaign_id, merchant_id, warehouse_id, carrier_id, region_id, day, hour) DO UPDATE
        SET parcels = excluded.parcels, upload_id = excluded.upload_id
        """,
    ];
}
