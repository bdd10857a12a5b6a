namespace Logistics.Server.Windows;

/// <summary>
/// One window: how many parcels the merchant may hand to the carrier at the warehouse, bound for the
/// hub, between start and end (UTC). <see cref="Handling"/> is the class of goods it reserves room
/// for: <c>parcel</c>, or <c>bulky</c> (the carrier's truck slots and the hub's bulky line).
/// </summary>
public sealed record ShipmentWindowView(string Merchant, string Warehouse, string Carrier, string Hub, DateTimeOffset Start, DateTimeOffset End, int MaxParcels, long PlanRun,
    string Handling);
