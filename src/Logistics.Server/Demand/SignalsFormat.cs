using Logistics.Server.Ingest;
using Logistics.Server.Uploads;

namespace Logistics.Server.Demand;

/// <summary>signals: campaign,merchant,warehouse,region,category,date,page_views,carts,favorites,deposits,presale_orders.</summary>
internal sealed class SignalsFormat : BulkFormat
{
    private static readonly string[] Counts = ["page_views", "carts", "favorites", "deposits", "presale_orders"];
    public static readonly SignalsFormat Instance = new();   // after Counts: static fields initialise in order

    public override string Example => """
        campaign,merchant,warehouse,region,category,date,page_views,carts,favorites,deposits,presale_orders
        D11-2026,M000123,W0020,R03,cat01,2026-10-28,18200,1640,820,164,82
        D11-2026,M000123,W0020,R07,cat01,2026-10-28,9100,,410,,41
        """;

    public override UploadKind Kind => UploadKind.Signals;
    public override IReadOnlyList<string> Required { get; } = ["campaign", "merchant", "warehouse", "region", "category", "date", .. Counts];

    public override string Table => "demand_signals";

    public override string TypedColumns => """
        campaign_id bigint NOT NULL, merchant_id bigint NOT NULL, warehouse_id bigint NOT NULL, region_id bigint NOT NULL,
        category text NOT NULL, day date NOT NULL,
        page_views bigint, carts bigint, favorites bigint, deposits bigint, presale_orders bigint
        """;

    public override string Key => "campaign_id, merchant_id, warehouse_id, region_id, category, day";

    public override string TypedRecheck => DemandChecks.TypedOutsideCampaign;

    public override BulkRowResolver Resolver(BulkLookups lookups) => new SignalsRowResolver(lookups);

    public override IReadOnlyList<string> Checks { get; } =
    [
        .. DemandChecks.References("merchant", "merchants"),
        .. DemandChecks.References("warehouse", "warehouses"),
        .. DemandChecks.References("region", "regions"),
        .. DemandChecks.CampaignAndDate,
        DemandChecks.MerchantUsesWarehouse,
        DemandChecks.Category,
        .. Counts.Select(c => DemandChecks.OptionalCount(c)),
    ];

    public override string Duplicates { get; } =
        DemandChecks.Duplicates("campaign, merchant, warehouse, region, category, date", "date", "campaign, merchant, warehouse, region, category and date");

    public override string TextKey => "campaign, merchant, warehouse, region, category, date";

    public override string TypedAsText => """
        SELECT t.line, c.code, m.code, w.code, r.code, t.category, to_char(t.day, 'YYYY-MM-DD')
        FROM {typed} t
        JOIN campaigns c ON c.id = t.campaign_id
        JOIN merchants m ON m.id = t.merchant_id
        JOIN warehouses w ON w.id = t.warehouse_id
        JOIN regions r ON r.id = t.region_id
        """;

    // An empty cell is unknown (null), never zero.
    public override string TextToTyped => """
        INSERT INTO {typed} (line, campaign_id, merchant_id, warehouse_id, region_id, category, day,
                             page_views, carts, favorites, deposits, presale_orders)
        SELECT s.line, c.id, m.id, w.id, r.id, s.category, s.date::date,
               nullif(s.page_views, '')::bigint, nullif(s.carts, '')::bigint, nullif(s.favorites, '')::bigint,
               nullif(s.deposits, '')::bigint, nullif(s.presale_orders, '')::bigint
        FROM {staged} s
        JOIN campaigns c ON c.code = s.campaign
        JOIN merchants m ON m.code = s.merchant
        JOIN warehouses w ON w.code = s.warehouse
        JOIN regions r ON r.code = s.region
        """;

    // A newer row for the same key replaces the older.
    public override string Merge => """
        INSERT INTO demand_signals AS d (campaign_id, merchant_id, warehouse_id, region_id, category, day,
                                         page_views, carts, favorites, deposits, presale_orders, upload_id)
        SELECT campaign_id, merchant_id, warehouse_id, region_id, category, day,
               page_views, carts, favorites, deposits, presale_orders, upload_id
        FROM {typed}
        ORDER BY 1, 2, 3, 4, 5, 6   -- in key order: the primary key's B-tree is filled left to right
        ON CONFLICT (campaign_id, merchant_id, warehouse_id, region_id, category, day) DO UPDATE
        SET page_views = excluded.page_views, carts = excluded.carts, favorites = excluded.favorites,
            deposits = excluded.deposits, presale_orders = excluded.presale_orders, upload_id = excluded.upload_id
        """;
}
