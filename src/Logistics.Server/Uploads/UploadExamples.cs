using Logistics.Server.Ingest;
using static Logistics.Server.OpenApiExamples;

namespace Logistics.Server.Uploads;

/// <summary>An upload's status, and the network and campaigns files an upload sends.</summary>
internal static class UploadExamples
{
    /// <summary>Adds this feature's examples to the OpenAPI document (called as its endpoints are mapped).</summary>
    public static void Add()
    {
        OpenApiExamples.AddResponse(() => new UploadStatus(Guid.Parse("01935b2c-7d1e-7c3a-9f1e-2b8d4c6a1e07"), UploadKinds.Capacity, UploadStates.Rejected, "api", Published, Published.AddSeconds(2), 3, 0, 1,
            [new RowError(3, "parcels", "-40", LineRule.Negative, "parcels must not be negative")]));
        OpenApiExamples.AddCsvRequest("v1/network/uploads", """
            kind,code,name,parent,region
            region,R03,Region 03,,
            carrier,C01,Carrier 01,,
            hub,C01-H05,Carrier 01 hub 05,C01,R03
            warehouse,W0020,Warehouse 0020,,R03
            merchant,M000123,Merchant 000123,,R03
            lane,W0020>C01-H05,,C01,
            merchant_warehouse,M000123>W0020,,,
            """);
        OpenApiExamples.AddCsvRequest("v1/campaigns/uploads", """
            code,name,time_zone,sale_days,horizon_start,horizon_end,ship_within_hours
            D11-2026,Double 11 2026,Asia/Shanghai,2026-11-01;2026-11-11,2026-11-01,2026-11-14,72
            """);
    }
}
