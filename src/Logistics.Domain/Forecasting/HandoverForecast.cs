using Logistics.Domain.Handling;

namespace Logistics.Domain.Forecasting;

/// <summary>
/// The forecast's hand-off to the planner: parcels that one merchant would naturally hand to one
/// carrier at one warehouse, bound for one region, in hour <see cref="Hour"/> of the campaign
/// horizon (0 = the horizon's first UTC hour). P50 is the median, P90 the 90th percentile.
/// <see cref="Handling"/> says which capacity carries them: parcel sorters, or bulky lines and truck slots.
/// </summary>
public sealed record HandoverForecast(
    string Merchant,
    string Warehouse,
    string Carrier,
    string Region,
    int Hour,
    double P50,
    double P90,
    HandlingClass Handling = HandlingClass.Parcel);
