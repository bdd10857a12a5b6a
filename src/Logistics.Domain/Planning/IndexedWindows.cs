namespace Logistics.Domain.Planning;

/// <summary>A window as indices: into <see cref="IIndexedWindows.Merchants"/>, <see cref="IIndexedWindows.Warehouses"/> and the warehouse's <see cref="IIndexedWindows.Lanes"/>.</summary>
public readonly record struct IndexedWindow(int Merchant, int Warehouse, int Lane, int StartHour, int EndHour, long MaxParcels);

/// <summary>
/// A plan's windows read without a record each: by index, in the plan's order (merchant, warehouse,
/// lane, start), with the codes the indices stand for. A national plan holds seventeen million
/// windows, and copying them through <see cref="ShipmentWindow"/> records (four codes compared per
/// window) was most of publishing them. Distinct indices name distinct codes (a warehouse's lanes are
/// distinct (carrier, hub) pairs), so comparing indices tells what comparing codes would.
/// </summary>
public interface IIndexedWindows
{
    int Count { get; }
    IndexedWindow At(int index);
    IReadOnlyList<string> Merchants { get; }
    IReadOnlyList<string> Warehouses { get; }
    /// <summary>The (carrier, hub) of each lane index at the warehouse.</summary>
    IReadOnlyList<(string Carrier, string Hub)> Lanes(int warehouse);
}
