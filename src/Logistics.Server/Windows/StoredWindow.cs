namespace Logistics.Server.Windows;

/// <summary>A window as stored for a run, its times UTC.</summary>
internal sealed record StoredWindow(string Merchant, string Warehouse, string Carrier, string Hub, DateTime Start, DateTime End, int MaxParcels, long PlanRun, string Handling);
