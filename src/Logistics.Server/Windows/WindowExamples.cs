using Logistics.Domain.Handling;
using static Logistics.Server.OpenApiExamples;

namespace Logistics.Server.Windows;

/// <summary>A page of a merchant's shipment windows.</summary>
internal static class WindowExamples
{
    /// <summary>Adds this feature's examples to the OpenAPI document (called as its endpoints are mapped).</summary>
    public static void Add()
    {
        OpenApiExamples.AddResponse(() => new ShipmentWindowsPage("D11-2026", 318, Published,
            [new ShipmentWindowView("M000123", "W0020", "C01", "C01-H05", new(2026, 11, 10, 16, 0, 0, TimeSpan.Zero), new(2026, 11, 10, 22, 0, 0, TimeSpan.Zero), 1200, 318, HandlingClasses.Parcel),
             new ShipmentWindowView("M000123", "W0020", "C03", "C03-H02", new(2026, 11, 10, 22, 0, 0, TimeSpan.Zero), new(2026, 11, 11, 4, 0, 0, TimeSpan.Zero), 800, 318, HandlingClasses.Parcel),
             new ShipmentWindowView("M000123", "W0020", "C03", "C03-H02", new(2026, 11, 11, 8, 0, 0, TimeSpan.Zero), new(2026, 11, 11, 12, 0, 0, TimeSpan.Zero), 40, 318, HandlingClasses.Bulky)],
            "2-Hq7cT1mWb9eKx4Ln", true));
    }
}
