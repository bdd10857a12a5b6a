namespace Logistics.Scenarios;

/// <summary>One signal line: a category sold from one of the merchant's warehouses into one region.</summary>
internal readonly record struct DemandLine(int Category, int WarehouseSlot, int Region, double Weight);
