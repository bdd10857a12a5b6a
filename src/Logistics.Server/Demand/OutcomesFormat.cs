using Logistics.Server.Ingest;
using Logistics.Server.Uploads;

namespace Logistics.Server.Demand;

/// <summary>outcomes: campaign,merchant,warehouse,carrier,region,date,hour,parcels[,handling] (what really shipped; handling parcel unless bulky).</summary>
internal sealed class OutcomesFormat : BulkFormat
{
    public static readonly OutcomesFormat Instance = new();

    public override string Example => """
        campaign,merchant,warehouse,carrier,region,date,hour,parcels
        D11-2025,M000123,W0020,C01,R03,2025-11-11,9,240
        D11-2025,M000123,W0020,C03,R03,2025-11-11,10,80
        """;

    /// <summary>A line's handling class as stored: empty is a parcel.</summary>
    private const string StagedHandling = "coalesce(nullif(handling, ''), 'parcel')";

    public override UploadKind Kind => UploadKind.Outcomes;
    public override IReadOnlyList<string> Required { get; } = ["campaign", "merchant", "warehouse", "carrier", "region", "date", "hour", "parcels"];
    public override IReadOnlyList<string> Optional { get; } = ["handling"];

    public override string Table => "demand_outcomes";

    // The parent's CHECK constraints by their names: a partition must carry them to be attached.
    public override string TypedColumns => """
        campaign_id bigint NOT NULL, merchant_id bigint NOT NULL, warehouse_id bigint NOT NULL, carrier_id bigint NOT NULL,
        region_id bigint NOT NULL, day date NOT NULL,
        hour smallint NOT NULL CONSTRAINT demand_outcomes_hour_check CHECK (hour BETWEEN 0 AND 23),
        parcels bigint NOT NULL CONSTRAINT demand_outcomes_parcels_check CHECK (parcels >= 0),
        handling text NOT NULL CONSTRAINT demand_outcomes_handling_check CHECK (handling = 'parcel' OR handling = 'bulky')
        """;

    public override string Key => "campaign_id, merchant_id, warehouse_id, carrier_id, region_id, day, hour, handling";

    public override string TypedRecheck => DemandChecks.TypedOutsideCampaign;

    public override BulkRowResolver Resolver(BulkLookups lookups) => new OutcomesRowResolver(lookups);

    public override IReadOnlyList<string> Checks { get; } =
    [
        .. DemandChecks.References("merchant", "merchants"),
        .. DemandChecks.References("warehouse", "warehouses"),
        .. DemandChecks.References("carrier", "carriers"),
        .. DemandChecks.References("region", "regions"),
        .. DemandChecks.CampaignAndDate,
        DemandChecks.MerchantUsesWarehouse,
        """
        SELECT line, 'hour', hour, 'an hour is a whole number from 0 to 23 (the local hour of the handover)',
               CASE WHEN hour = '' THEN 'missing_value' WHEN hour ~ '^-' THEN 'negative' WHEN hour ~ '^\d*[.,]\d*$' THEN 'fractional'
                    WHEN hour ~ '^\d+$' THEN 'out_of_range' ELSE 'not_a_number' END
        FROM {staged} WHERE hour !~ '^([01]?\d|2[0-3])$'
        """,
        DemandChecks.RequiredCount("parcels"),
        """
        SELECT line, 'handling', handling,
               'unknown handling class: expected one of parcel, bulky'
               || CASE WHEN lower(trim(handling)) IN ('parcel', 'bulky') THEN format(' (did you mean ''%s''?)', lower(trim(handling))) ELSE '' END,
               'unknown_handling'
        FROM {staged} WHERE handling NOT IN ('', 'parcel', 'bulky')
        """,
    ];

    public override string Duplicates { get; } =
        DemandChecks.Duplicates($"campaign, merchant, warehouse, carrier, region, date, hour, {StagedHandling}", "hour", "campaign, merchant, warehouse, carrier, region, date, hour and handling");

    public override string TextKey => "campaign, merchant, warehouse, carrier, region, date, hour, handling";

    // The hour as a number: '07' and '7' are the same hour, so the same key.
    public override string TypedAsText => """
        SELECT t.line, c.code, m.code, w.code, k.code, r.code, to_char(t.day, 'YYYY-MM-DD'), t.hour::text, t.handling
        FROM {typed} t
        JOIN campaigns c ON c.id = t.campaign_id
        JOIN merchants m ON m.id = t.merchant_id
        JOIN warehouses w ON w.id = t.warehouse_id
        JOIN carriers k ON k.id = t.carrier_id
        JOIN regions r ON r.id = t.region_id
        """;

    public override string TextToTyped => $$"""
        INSERT INTO {typed} (line, campaign_id, merchant_id, warehouse_id, carrier_id, region_id, day, hour, parcels, handling)
        SELECT s.line, c.id, m.id, w.id, k.id, r.id, s.date::date, s.hour::smallint, s.parcels::bigint, {{StagedHandling}}
        FROM {staged} s
        JOIN campaigns c ON c.code = s.campaign
        JOIN merchants m ON m.code = s.merchant
        JOIN warehouses w ON w.code = s.warehouse
        JOIN carriers k ON k.code = s.carrier
        JOIN regions r ON r.code = s.region
        """;

    // A newer row for the same key replaces the older.
    public override string Merge => """
        INSERT INTO demand_outcomes AS d (campaign_id, merchant_id, warehouse_id, carrier_id, region_id, day, hour, handling, parcels, upload_id)
        SELECT campaign_id, merchant_id, warehouse_id, carrier_id, region_id, day, hour, handling, parcels, upload_id
        FROM {typed}
        ORDER BY 1, 2, 3, 4, 5, 6, 7, 8   -- in key order: the primary key's B-tree is filled left to right
        ON CONFLICT (campaign_id, merchant_id, warehouse_id, carrier_id, region_id, day, hour, handling) DO UPDATE
        SET parcels = excluded.parcels, upload_id = excluded.upload_id
        """;
}
