using Logistics.Domain.Handling;

namespace Logistics.Domain.Planning;

/// <summary>A window as indices: into <see cref="IIndexedWindows.Merchants"/>, <see cref="IIndexedWindows.Warehouses"/> and the warehouse's <see cref="IIndexedWindows.Lanes"/>.</summary>
public readonly record struct IndexedWindow(int Merchant, int Warehouse, int Lane, int StartHour, int EndHour, long MaxParcels);

/// <summary>
/// A plan's windows read without a record each: by index, in the plan's order (merchant, warehouse,
/// class, lane, start), with the codes the indices stand for. A warehouse index is a unit: a
/// warehouse with parcel and bulky demand has two, with the same code and their own classes. A national plan holds seventeen million
/// windows, and copying them through <see cref="ShipmentWindow"/> records (four codes compared per
/// window) was most of publishing them. Distinct indices name distinct codes or classes (a unit's lanes
/// are distinct (carrier, hub) pairs), so comparing indices tells what comparing both would.
/// </summary>
public interface IIndexedWindows
{
    int Count { get; }
    IndexedWindow At(int index);
    IReadOnlyList<string> Merchants { get; }
    IReadOnlyList<string> Warehouses { get; }
    /// <summary>The (carrier, hub) of each lane index at the warehouse.</summary>
    IReadOnlyList<(string Carrier, string Hub)> Lanes(int warehouse);
    /// <summary>The handling class of the warehouse unit.</summary>
    HandlingClass Handling(int warehouse);
}
