namespace Logistics.Domain.Planning;

/// <summary>Merges consecutive hours with equal planned parcels into windows (see <see cref="ShipmentWindow"/>).</summary>
public static class WindowBuilder
{
    /// <param name="handovers">Sorted by merchant, warehouse, class, carrier, hub, hour, as the planner returns them.</param>
    public static IReadOnlyList<ShipmentWindow> Build(IReadOnlyList<PlannedHandover> handovers)
    {
        var windows = new List<ShipmentWindow>();
        int i = 0;
        while (i < handovers.Count)
        {
            var first = handovers[i];
            int j = i + 1;
            while (j < handovers.Count && SameGroup(first, handovers[j])
                   && handovers[j].Hour == handovers[j - 1].Hour + 1 && handovers[j].Parcels == first.Parcels) j++;
            windows.Add(new ShipmentWindow(first.Merchant, first.Warehouse, first.Carrier, first.Hub,
                first.Hour, handovers[j - 1].Hour + 1, first.Parcels * (j - i), first.Handling));
            i = j;
        }
        return windows;
    }

    private static bool SameGroup(PlannedHandover a, PlannedHandover b) =>
        a.Merchant == b.Merchant && a.Warehouse == b.Warehouse && a.Handling == b.Handling && a.Carrier == b.Carrier && a.Hub == b.Hub;
}
