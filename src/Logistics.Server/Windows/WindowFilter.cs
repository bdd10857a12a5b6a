namespace Logistics.Server.Windows;

/// <summary>Which of a run's windows to read: a merchant key's own (<see cref="MerchantId"/>), or ops' narrowed by codes.</summary>
internal sealed record WindowFilter(long? MerchantId, string? Merchant, string? Warehouse, string? Carrier);
