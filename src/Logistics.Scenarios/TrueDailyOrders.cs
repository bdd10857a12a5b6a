namespace Logistics.Scenarios;

/// <summary>
/// Hidden truth: orders one merchant received for one warehouse and region on one local date
/// (before the handover lag). Useful to check a forecaster's order stage separately from timing.
/// </summary>
public sealed record TrueDailyOrders(string Campaign, string Merchant, string Warehouse, string Region, DateOnly Date, long Orders);
