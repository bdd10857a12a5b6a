using static Logistics.Server.OpenApiExamples;
using static Logistics.Server.Alerts.AlertExamples;
using static Logistics.Server.Loads.LoadExamples;

namespace Logistics.Server.Carriers;

/// <summary>A carrier's load.</summary>
internal static class CarrierExamples
{
    /// <summary>Adds this feature's examples to the OpenAPI document (called as its endpoints are mapped).</summary>
    public static void Add()
    {
        OpenApiExamples.AddResponse(() => new Carriers.CarrierLoad("C01", "D11-2026", 318, Published, "Asia/Shanghai",
            new(2026, 11, 11, 0, 0, 0, Shanghai), new(2026, 11, 11, 2, 0, 0, Shanghai),
            [HubStatus("C01-H05", "origin_hub", "C01"), HubStatus("W0020", "pickup", "C01")], [Alert]));
    }
}
