using Logistics.Domain.Alerts;
using Logistics.Server.Planning;
using Logistics.Server.Uploads;
using static Logistics.Server.OpenApiExamples;

namespace Logistics.Server.WhatIf;

/// <summary>A finished what-if with its diff, and a what-if published from capacity uploads.</summary>
internal static class WhatIfExamples
{
    /// <summary>Adds this feature's examples to the OpenAPI document (called as its endpoints are mapped).</summary>
    public static void Add()
    {
        OpenApiExamples.AddResponse(() => new WhatIf.WhatIfView(57, "D11-2026", RunStatuses.Finished,
            [new WhatIf.CapacityOverride("C01-H05", "sort", new(2026, 11, 11, 0, 0, 0, Shanghai), new(2026, 11, 11, 12, 0, 0, Shanghai), Parcels: 0),
             new WhatIf.CapacityOverride("W0020", "pickup", new(2026, 11, 12, 0, 0, 0, Shanghai), new(2026, 11, 13, 0, 0, 0, Shanghai), Factor: 0.7, Carrier: "C03")],
            Published, Published.AddSeconds(2), Published.AddSeconds(31), "4212",
            new WhatIf.WhatIfDiff(318,
                [new WhatIf.DiffAlert("D11-2026/OriginSort:C01-H05:C01:240", AlertLevels.Blocked, "origin_hub", "C01-H05", "C01", new(2026, 11, 11, 0, 0, 0, Shanghai), new(2026, 11, 11, 20, 0, 0, Shanghai), 61200, 24000, null, null)],
                [],
                [new WhatIf.ChangedAlert(
                    new WhatIf.DiffAlert("D11-2026/DestinationSort:C01-H02:C01:262", AlertLevels.Delay, "destination_hub", "C01-H02", "C01", new(2026, 11, 12, 6, 0, 0, Shanghai), new(2026, 11, 12, 14, 0, 0, Shanghai), 8800, 6400, 7, "NORTH"),
                    new WhatIf.DiffAlert("D11-2026/DestinationSort:C01-H02:C01:262", AlertLevels.Delay, "destination_hub", "C01-H02", "C01", new(2026, 11, 12, 6, 0, 0, Shanghai), new(2026, 11, 12, 22, 0, 0, Shanghai), 11900, 9600, 13, "NORTH"))],
                new WhatIf.AffectedMerchants(2, ["M000123", "M004518"]),
                new WhatIf.ParcelChanges(18400, new WhatIf.Change(120500, 131200), new WhatIf.Change(0, 2100)),
                [new WhatIf.RegionDelayGrowth("NORTH", [new WhatIf.RegionDayDelay(new DateOnly(2026, 11, 12), 7.0, 12.4)])]),
            null, []));
        OpenApiExamples.AddResponse(() => new WhatIf.WhatIfEndpoints.WhatIfPublished(57,
            [new UploadStatus(Guid.Parse("01935b2c-7d1e-7c3a-9f1e-2b8d4c6a1e08"), UploadKinds.Capacity, UploadStates.Accepted, "api", Published, Published.AddSeconds(1), 12, 12, 0, [])], "4213"));
    }
}
