using Logistics.Domain.Demand;

namespace Logistics.Domain.Forecasting;

/// <summary>The signals the model converts into orders (page views are too loose a proxy and are left out).</summary>
public static class SignalKinds
{
    public const int Count = 4;
    public static readonly IReadOnlyList<string> Names = ["carts", "favorites", "deposits", "presale_orders"];

    /// <summary>The <see cref="SignalColumns"/> count of kind <paramref name="kind"/> (the columns also hold page views, first).</summary>
    internal static int Column(int kind) => kind + SignalColumns.Carts;
}
