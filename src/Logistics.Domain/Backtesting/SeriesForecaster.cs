using Logistics.Domain.Campaigns;
using Logistics.Domain.Demand;
using Logistics.Domain.Forecasting;

namespace Logistics.Domain.Backtesting;

/// <summary>A series-day's forecast.</summary>
public readonly record struct SeriesDay(double P50, double P90);

/// <summary>
/// Runs the product's <see cref="SignalForecaster"/> on daily series, through the same entry point
/// as a planning run. Each series is one unit: a route series <c>ORIGIN&gt;DEST</c> is the unit
/// (merchant ORIGIN&gt;DEST, warehouse ORIGIN, region DEST), any other series is its own warehouse
/// with one region. The previous campaign's daily volumes (its horizon and the
/// <see cref="SignalModelOptions.LevelDays"/> before its cutoff) are the outcomes; the days up to this
/// cutoff are the recent volumes; signal columns, where the file has them, are the signals (category
/// "all"). Nothing dated after <see cref="PeakCampaign.Cutoff"/> is handed to the model.
/// </summary>
public static class SeriesForecaster
{
    private const string Category = "all", Carrier = "real", OneRegion = "-";
    // Signals of a campaign are the pre-sale ones, from this many days before its first sale day.
    private const int SignalDays = 90;

    public static Dictionary<(string Series, DateOnly Date), SeriesDay> Forecast(
        IReadOnlyList<SeriesRow> rows, PeakCampaign current, PeakCampaign previous, SignalModelOptions options)
    {
        var cutoff = current.Cutoff;
        var input = new ForecastInput(
            ToCampaign(current), cutoff,
            SignalsOf(rows, current, current.SaleDays[0].AddDays(-SignalDays), cutoff),
            [new PastCampaign(ToCampaign(previous),
                SignalsOf(rows, previous, previous.SaleDays[0].AddDays(-SignalDays), previous.HorizonEnd),
                OutcomesOf(rows, previous.Code, previous.Cutoff.AddDays(-options.LevelDays + 1), previous.HorizonEnd))],
            Recent: OutcomesOf(rows, current.Code, cutoff.AddDays(-options.LevelDays + 1), cutoff));
        var forecast = SignalForecaster.Forecast(input, options);
        var result = new Dictionary<(string, DateOnly), SeriesDay>();
        foreach (var d in forecast.Days) result[(d.Merchant, d.Date)] = new SeriesDay(d.P50, d.P90);
        return result;
    }

    private static Campaign ToCampaign(PeakCampaign c) => new(c.Code, c.Code, "UTC", c.SaleDays, c.HorizonStart, c.HorizonEnd);

    private static (string Warehouse, string Region) Place(string series)
    {
        var at = series.IndexOf('>', StringComparison.Ordinal);
        return at > 0 && at < series.Length - 1 ? (series[..at], series[(at + 1)..]) : (series, OneRegion);
    }

    private static List<OutcomeRow> OutcomesOf(IReadOnlyList<SeriesRow> rows, string campaign, DateOnly from, DateOnly to)
    {
        var list = new List<OutcomeRow>();
        foreach (var r in rows)
        {
            if (r.Date < from || r.Date > to) continue;
            var (warehouse, region) = Place(r.Series);
            list.Add(new OutcomeRow(campaign, r.Series, warehouse, Carrier, region, r.Date, 12, r.Parcels));
        }
        return list;
    }

    private static List<SignalRow> SignalsOf(IReadOnlyList<SeriesRow> rows, PeakCampaign c, DateOnly from, DateOnly to)
    {
        var list = new List<SignalRow>();
        foreach (var r in rows)
        {
            if (!r.HasSignals || r.Date < from || r.Date > to) continue;
            var (warehouse, region) = Place(r.Series);
            list.Add(new SignalRow(c.Code, r.Series, warehouse, region, Category, r.Date, null, r.Carts, r.Favorites, r.Deposits, r.PresaleOrders));
        }
        return list;
    }
}
