namespace Logistics.Scenarios;

/// <summary>Totals of one merchant's signals per line for one campaign, and what they imply.</summary>
internal sealed record LineSignals(long[] PageViews, long[] Carts, long[] Favorites, long[] Deposits, long[] Presale, double[] ImpliedOrders);
