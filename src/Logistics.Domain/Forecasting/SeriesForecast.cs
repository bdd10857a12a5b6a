namespace Logistics.Domain.Forecasting;

/// <summary>Forecast of one daily series for one date: median and upper quantile.</summary>
public sealed record SeriesDayForecast(string Series, DateOnly Date, double P50, double P90);

/// <summary>
/// The history-only forecast of a set of daily series, with how it was made: the campaign days it
/// aligned (null when no previous campaign was usable) and the calibrated log width of the P90 band.
/// </summary>
public sealed record SeriesForecast(
    IReadOnlyList<SeriesDayForecast> Days,
    DateOnly? PreviousCampaignDay,
    DateOnly? CurrentCampaignDay,
    double UpperLog,
    int CalibrationResiduals);
