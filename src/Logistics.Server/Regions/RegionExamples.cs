using static Logistics.Server.OpenApiExamples;
using static Logistics.Server.Alerts.AlertExamples;
using static Logistics.Server.Loads.LoadExamples;

namespace Logistics.Server.Regions;

/// <summary>The regions and one region's status.</summary>
internal static class RegionExamples
{
    /// <summary>Adds this feature's examples to the OpenAPI document (called as its endpoints are mapped).</summary>
    public static void Add()
    {
        OpenApiExamples.AddResponse(() => new Regions.RegionList(
            [new Regions.RegionView("R03", "Region 03", [new Regions.RegionHubView("C02-H03", "Carrier 02 hub 03", "C02"), new Regions.RegionHubView("C04-H01", "Carrier 04 hub 01", "C04")])]));
        OpenApiExamples.AddResponse(() => new Regions.RegionStatus("R03", "Region 03", "D11-2026", 318, Published, "Asia/Shanghai", [HubStatus("C02-H03", "destination_hub", "C02")], [DelayNotice],
            [LaneStatus("C02-H07", "C02-H03", "C02", [2600, 2300], [3200, 2900], [2150, 2150]), LaneStatus("C02-H11", "C02-H03", "C02", [2200, 2000], [2700, 2400], [1850, 1850])]));
    }
}
