using Logistics.Domain.Campaigns;
using Logistics.Domain.Demand;

namespace Logistics.Domain.Forecasting;

/// <summary>
/// The signal model. A unit is one merchant at one warehouse towards one region.
/// <list type="number">
/// <item>Partial signals at the as-of date are scaled to their final values with the previous
/// campaign's cumulative share collected by the same days to the first sale day (per category and
/// signal, falling back to all categories when a category saw few events; <see cref="SignalCurve"/>).</item>
/// <item>A unit's campaign volume = α·(its ordinary volume in the previous campaign, i.e. what it
/// shipped minus what its signals explained) + Σ β[category, signal]·final signal, α, β ≥ 0 fitted
/// by non-negative least squares on past campaigns (<see cref="SignalFit"/>; re-estimating the ordinary volumes a few rounds),
/// each category's β shrunk toward the all-category fit by how many merchants back it; a category
/// never seen uses the all-category prior. Cold-start merchants (no previous volume) use coefficients
/// fitted without the history term. Units without any signal take the history-only path: α′·previous
/// volume with the unit's own day shape (level × previous lift, <see cref="LevelPath"/>), α′ fitted alone.</item>
/// <item>Days: the ordinary part evenly, the signal part by the pooled sale shape learned from past
/// excess volume by days to the first sale day (so 11.01 and 11.11 line up year to year; <see cref="DayShape"/>).</item>
/// <item>Each day is split over carriers (the merchant-warehouse's past shares, else its warehouse's,
/// else the warehouse's lanes) and local hours (its past hour profile blended with its warehouse's
/// and the network's) into <see cref="HandoverForecast"/> rows (<see cref="HandoverHabits"/>, <see cref="HourlySplit"/>).</item>
/// <item>Each day is split into handling classes when the network names bulky categories: the
/// signal-driven part by the bulky categories' share of the unit's signal volume (their own β), the
/// rest by the unit's bulky share of the last campaign's outcomes, else that signal share
/// (<see cref="UnitSplit"/>). A pair's bulky rows form a pair of their own after its parcels.</item>
/// <item>P90 = P50 × a size-bucketed ratio (actual ÷ forecast) calibrated by replaying the as-of cut
/// on the last past campaign (<see cref="BandCalibration"/>).</item>
/// </list>
/// Outcome rows are handovers (what a carrier received, when), so the day shape already holds the lag
/// from order to handover. Deterministic: output order follows sorted codes, not input order.
/// </summary>
public static class SignalForecaster
{
    public static SignalForecast Forecast(ForecastInput input, SignalModelOptions? options = null)
    {
        ForecastColumns? columns = input.ToColumns();
        return Forecast(ref columns, options);
    }

    public static SignalForecast Forecast(ForecastColumns input, SignalModelOptions? options = null)
    {
        ForecastColumns? held = input; // the caller keeps its reference: nothing is let go early
        return Forecast(ref held, options);
    }

    /// <summary>
    /// The forecast of columns handed over: <paramref name="input"/> is taken (set to null) and each
    /// table is let go as soon as the model has read it: the outcomes and all but the last past
    /// campaign's signals after learning from them, the current signals once summed. At national
    /// scale the tables are most of a planning run's memory (the outcomes alone 0.7 GB).
    /// </summary>
    public static SignalForecast Forecast(ref ForecastColumns? input, SignalModelOptions? options = null)
    {
        ForecastColumns? taken = input ?? throw new ArgumentNullException(nameof(input));
        input = null;
        var (campaign, asOf, network) = (taken.Campaign, taken.AsOf, taken.Network);
        SignalColumns? signals = taken.Signals;
        var recent = taken.Recent;
        PastColumns?[] past = [.. taken.Past.OrderBy(p => FirstSale(p.Campaign)).ThenBy(p => p.Campaign.Code, StringComparer.Ordinal)];
        taken = null;

        var o = options ?? SignalModelOptions.Default;
        var units = new ForecastUnits();
        var habits = new HandoverHabits(units, o);
        var data = new List<PastCampaignData>();
        for (var i = 0; i < past.Length; i++)
        {
            data.Add(PastCampaignReader.Read(past[i]!, units, habits));
            past[i] = null;
        }
        // Only the last past campaign's signal rows are read again (by the band calibration).
        for (var i = 0; i < data.Count - 1; i++) data[i].SignalRows = null;
        var level = new LevelPath(units, o);
        if (recent is not null) level.ReadRecent(recent, asOf.DayNumber);
        recent = null;
        var current = SignalReader.Read(units, signals, asOf.DayNumber);
        signals = null;
        var firstSale = FirstSale(campaign);

        var folds = new MerchantFolds(units);
        var fit = new SignalFit(data, units, folds, o);
        fit.Fit();
        var dayShape = new DayShape(data, o);
        dayShape.Learn();
        var bands = new BandCalibration(data, units, folds, fit, dayShape, o).Calibrate(asOf.DayNumber - firstSale.DayNumber);
        return new SignalModel(units, data, habits, level, fit, dayShape, bands, o).Predict(campaign, asOf, network, current, firstSale);
    }

    internal static DateOnly FirstSale(Campaign c) => c.SaleDays.Count == 0 ? c.HorizonStart : c.SaleDays.Min();
}
