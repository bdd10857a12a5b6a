using Logistics.Domain.Handling;

namespace Logistics.Server.Windows;

/// <summary>A window in whole hours from a base time (the plan is hourly), and the class of capacity it reserves.</summary>
internal readonly record struct HourlyWindow(string Merchant, string Warehouse, string Carrier, string Hub, int StartHour, int Hours, int MaxParcels,
    HandlingClass Handling = HandlingClass.Parcel);
