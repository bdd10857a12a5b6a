namespace Logistics.Domain.Backtesting;

/// <summary>A scored slice of a campaign's horizon: one peak (11.01 and 11.11 share the Double 11 forecast).</summary>
public sealed record Peak(string Name, DateOnly From, DateOnly To);

/// <summary>
/// One forecast of the rolling backtest: a campaign of a <see cref="Kind"/> in a year, forecast at
/// <see cref="Cutoff"/> (the day before its horizon) for <see cref="HorizonStart"/>..<see cref="HorizonEnd"/>,
/// scored per <see cref="Peaks"/>.
/// </summary>
public sealed record PeakCampaign(
    string Kind,
    int Year,
    IReadOnlyList<DateOnly> SaleDays,
    DateOnly HorizonStart,
    DateOnly HorizonEnd,
    IReadOnlyList<Peak> Peaks,
    DateOnly? AsOf = null)
{
    public string Code => $"{Kind}-{Year}";
    /// <summary>The last day the forecast may read: <see cref="AsOf"/>, else the day before the horizon.</summary>
    public DateOnly Cutoff => AsOf ?? HorizonStart.AddDays(-1);
    /// <summary>The campaign day the naive lift aligns years on (the main sale day).</summary>
    public DateOnly MainDay => SaleDays[^1];
}

/// <summary>The peak windows of the Chinese e-commerce year, as the real data shows them.</summary>
public static class PeakCalendar
{
    public const string Mid618 = "618", Double11 = "D11", Double12 = "1212";

    /// <summary>The campaigns of one year, in time order.</summary>
    public static IReadOnlyList<PeakCampaign> Year(int y) =>
    [
        // 618: the run-up opens with a wave on 06-01, the campaign day is 06-18, the tail ends ~06-20.
        new(Mid618, y, [new(y, 6, 1), new(y, 6, 18)], new(y, 6, 1), new(y, 6, 20),
            [new($"618 {y}", new(y, 6, 1), new(y, 6, 20))]),
        // Double 11: two waves (11.01 and 11.11) in one horizon, forecast once at 10-31 as a planning run would.
        new(Double11, y, [new(y, 11, 1), new(y, 11, 11)], new(y, 11, 1), new(y, 11, 15),
            [new($"11.01 {y}", new(y, 11, 1), new(y, 11, 5)), new($"11.11 {y}", new(y, 11, 6), new(y, 11, 15))]),
        new(Double12, y, [new(y, 12, 12)], new(y, 12, 1), new(y, 12, 15),
            [new($"12.12 {y}", new(y, 12, 1), new(y, 12, 15))]),
    ];

    /// <summary>Every campaign whose horizon lies in first..last, in time order.</summary>
    public static IReadOnlyList<PeakCampaign> Between(DateOnly first, DateOnly last) =>
        [.. Enumerable.Range(first.Year, last.Year - first.Year + 1).SelectMany(Year).Where(c => c.HorizonStart >= first && c.HorizonEnd <= last)];
}
