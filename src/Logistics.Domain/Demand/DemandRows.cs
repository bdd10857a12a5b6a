using Logistics.Domain.Handling;

namespace Logistics.Domain.Demand;

/// <summary>
/// Pre-sale demand of one merchant at one warehouse towards one region for one category and day.
/// A null signal is unknown, which is not the same as zero.
/// </summary>
public sealed record SignalRow(
    string Campaign,
    string Merchant,
    string Warehouse,
    string Region,
    string Category,
    DateOnly Date,
    long? PageViews,
    long? Carts,
    long? Favorites,
    long? Deposits,
    long? PresaleOrders);

/// <summary>What really shipped in a past campaign: parcels (of one handling class) handed to a carrier in one local hour.</summary>
public sealed record OutcomeRow(
    string Campaign,
    string Merchant,
    string Warehouse,
    string Carrier,
    string Region,
    DateOnly Date,
    int Hour,
    long Parcels,
    HandlingClass Handling = HandlingClass.Parcel);
