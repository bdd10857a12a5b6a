using static Logistics.Server.OpenApiExamples;

namespace Logistics.Server.Loads;

/// <summary>A node's and a lane's hours as the region and carrier views show them (their examples share them).</summary>
internal static class LoadExamples
{
    /// <summary>Two hours and their day, as the region and carrier views show a node.</summary>
    public static Loads.NodeStatusView HubStatus(string node, string kind, string carrier) => new(node, kind, carrier,
        [new Loads.NodeDayView(new DateOnly(2026, 11, 11), 9100, 11200, 8000, 8000, 3.5)],
        [new Loads.NodeHourView(new(2026, 11, 11, 0, 0, 0, Shanghai), 4800, 5900, 4000, 4900, 4000, 2.0),
         new Loads.NodeHourView(new(2026, 11, 11, 1, 0, 0, Shanghai), 4300, 5300, 4000, 4900, 4000, 3.5)]);

    /// <summary>A lane's two hours into the hub <see cref="HubStatus"/> shows (two such lanes make its hours), and their day.</summary>
    public static Loads.LaneStatusView LaneStatus(string origin, string destination, string carrier, long[] p50, long[] p90, long[] planned) => new(origin, destination, carrier,
        [new Loads.LaneDayView(new DateOnly(2026, 11, 11), p50.Sum(), p90.Sum(), planned.Sum(), 3.5)],
        new Loads.LaneHoursView(new(2026, 11, 11, 0, 0, 0, Shanghai), p50, p90, planned, [2.0, 3.5]), Domain.Handling.HandlingClasses.Parcel);
}
