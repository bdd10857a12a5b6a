namespace Logistics.Domain.Forecasting;

/// <summary>A unit's days (Days[From..To)) and how each day splits over carriers and local hours.</summary>
internal sealed record UnitSplit(int From, int To, string Merchant, string Warehouse, string Region, List<(int Carrier, double Share)> Carriers, double[] Profile);
