using Logistics.Server.Ingest;
using static Logistics.Server.OpenApiExamples;

namespace Logistics.Server.Uploads;

/// <summary>An upload's status, and each kind's file an upload sends.</summary>
internal static class UploadExamples
{
    /// <summary>Adds this feature's examples to the OpenAPI document (called as its endpoints are mapped).</summary>
    public static void Add()
    {
        OpenApiExamples.AddResponse(() => new UploadStatus(Guid.Parse("01935b2c-7d1e-7c3a-9f1e-2b8d4c6a1e07"), UploadKinds.Capacity, UploadStates.Rejected, "api", Published, Published.AddSeconds(2), 3, 0, 1,
            [new RowError(3, "parcels", "-40", LineRule.Negative, "parcels must not be negative")]));
        // Each kind's file, from its catalog entry.
        foreach (var spec in UploadCatalog.All) OpenApiExamples.AddCsvRequest($"v1/{spec.Name}/uploads", spec.ExampleCsv);
    }
}
