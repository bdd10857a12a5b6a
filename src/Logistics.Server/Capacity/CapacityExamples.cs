using Logistics.Server.Uploads;
using static Logistics.Server.OpenApiExamples;

namespace Logistics.Server.Capacity;

/// <summary>A node's capacity hours and a carrier's export (the capacity file an upload sends is in <see cref="CapacityPipeline"/>).</summary>
internal static class CapacityExamples
{
    /// <summary>Adds this feature's examples to the OpenAPI document (called as its endpoints are mapped).</summary>
    public static void Add()
    {
        OpenApiExamples.AddResponse(() => new CapacityView("C01-H05", new(2026, 11, 10, 16, 0, 0, TimeSpan.Zero), new(2026, 11, 10, 18, 0, 0, TimeSpan.Zero),
            [new CapacityHour("sort", "C01", new(2026, 11, 10, 16, 0, 0, TimeSpan.Zero), 4000, Guid.Parse("01935b2c-7d1e-7c3a-9f1e-2b8d4c6a1e07"), 12),
             new CapacityHour("sort", "C01", new(2026, 11, 10, 17, 0, 0, TimeSpan.Zero), 4000, Guid.Parse("01935b2c-7d1e-7c3a-9f1e-2b8d4c6a1e07"), 12)]));
        OpenApiExamples.AddResponse(() => """
            node,kind,start,hours,parcels
            C01-H05,sort,2026-11-10T16:00:00Z,24,4000
            C01-H05,sort,2026-11-11T16:00:00Z,6,3500
            W0020,pickup,2026-11-10T16:00:00Z,12,900

            """);
    }
}
