namespace Logistics.Server.Windows;

/// <summary>One window: how many parcels the merchant may hand to the carrier at the warehouse, bound for the hub, between start and end (UTC).</summary>
public sealed record ShipmentWindowView(string Merchant, string Warehouse, string Carrier, string Hub, DateTimeOffset Start, DateTimeOffset End, int MaxParcels, long PlanRun);
