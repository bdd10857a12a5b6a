namespace Logistics.Domain.Campaigns;

/// <summary>
/// A sale campaign. Dates are in <see cref="TimeZone"/> (IANA); the planning horizon runs from the
/// start of <see cref="HorizonStart"/> to the end of <see cref="HorizonEnd"/> in that zone.
/// </summary>
public sealed record Campaign(
    string Code,
    string Name,
    string TimeZone,
    IReadOnlyList<DateOnly> SaleDays,
    DateOnly HorizonStart,
    DateOnly HorizonEnd,
    int ShipWithinHours = Campaign.DefaultShipWithinHours)
{
    public const int DefaultShipWithinHours = 72;

    public TimeZoneInfo Zone => TimeZoneInfo.FindSystemTimeZoneById(TimeZone);

    /// <summary>First hour of the horizon, UTC.</summary>
    public DateTimeOffset HorizonStartUtc => LocalMidnightUtc(HorizonStart);

    /// <summary>End (exclusive) of the horizon, UTC.</summary>
    public DateTimeOffset HorizonEndUtc => LocalMidnightUtc(HorizonEnd.AddDays(1));

    /// <summary>Number of hourly buckets in the horizon.</summary>
    public int HorizonHours => (int)(HorizonEndUtc - HorizonStartUtc).TotalHours;

    public DateTimeOffset LocalMidnightUtc(DateOnly date)
    {
        var local = date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(local, Zone), TimeSpan.Zero);
    }
}
