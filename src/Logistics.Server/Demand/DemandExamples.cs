using static Logistics.Server.OpenApiExamples;

namespace Logistics.Server.Demand;

/// <summary>The signals and outcomes files an upload sends.</summary>
internal static class DemandExamples
{
    /// <summary>Adds this feature's examples to the OpenAPI document (called as its endpoints are mapped).</summary>
    public static void Add()
    {
        OpenApiExamples.AddCsvRequest("v1/signals/uploads", """
            campaign,merchant,warehouse,region,category,date,page_views,carts,favorites,deposits,presale_orders
            D11-2026,M000123,W0020,R03,cat01,2026-10-28,18200,1640,820,164,82
            D11-2026,M000123,W0020,R07,cat01,2026-10-28,9100,,410,,41
            """);
        OpenApiExamples.AddCsvRequest("v1/outcomes/uploads", """
            campaign,merchant,warehouse,carrier,region,date,hour,parcels
            D11-2025,M000123,W0020,C01,R03,2025-11-11,9,240
            D11-2025,M000123,W0020,C03,R03,2025-11-11,10,80
            """);
    }
}
