using static Logistics.Server.OpenApiExamples;

namespace Logistics.Server.Network;

/// <summary>Who a key is, and a merchant with its warehouses.</summary>
internal static class NetworkExamples
{
    /// <summary>Adds this feature's examples to the OpenAPI document (called as its endpoints are mapped).</summary>
    public static void Add()
    {
        OpenApiExamples.AddResponse(() => new NetworkEndpoints.Me("merchant", false, "M000123", null));
        OpenApiExamples.AddResponse(() => new NetworkEndpoints.MerchantView("M000123", "Merchant 000123", "R03",
            [new NetworkEndpoints.MerchantWarehouseView("W0020", "Warehouse 0020", "R03")]));
    }
}
