using Logistics.Domain.Demand;

namespace Logistics.Domain.Forecasting;

/// <summary>The signals the model converts into orders (page views are too loose a proxy and are left out).</summary>
public static class SignalKinds
{
    public const int Count = 4;
    public static readonly IReadOnlyList<string> Names = ["carts", "favorites", "deposits", "presale_orders"];

    internal static long? Get(SignalRow row, int kind) => kind switch
    {
        0 => row.Carts,
        1 => row.Favorites,
        2 => row.Deposits,
        _ => row.PresaleOrders,
    };
}
