using Logistics.Domain.Campaigns;
using Logistics.Domain.Network;

namespace Logistics.Domain.Forecasting;

/// <summary>
/// The fitted model's parts, and the forecast they make together: each unit's path (signals,
/// history, level or a blend), its days with their P90 bands, and their split into hourly rows.
/// </summary>
internal sealed class SignalModel(
    ForecastUnits units, IReadOnlyList<PastCampaignData> past, HandoverHabits habits, LevelPath level,
    SignalFit fit, DayShape dayShape, CalibratedBands bands, SignalModelOptions o)
{
    public SignalForecast Predict(Campaign campaign, DateOnly asOf, NetworkModel? network, SignalTable current, DateOnly firstSale)
    {
        var days = campaign.HorizonEnd.DayNumber - campaign.HorizonStart.DayNumber + 1;
        var offsets = new int[days];
        var dayStartHour = new int[days];
        var daysToPeak = new int[days];
        var horizonStart = campaign.HorizonStartUtc;
        for (var i = 0; i < days; i++)
        {
            var date = campaign.HorizonStart.AddDays(i);
            offsets[i] = date.DayNumber - firstSale.DayNumber;
            daysToPeak[i] = UpperBands.DaysToPeak(date, campaign.SaleDays);
            dayStartHour[i] = (int)Math.Round((campaign.LocalMidnightUtc(date) - horizonStart).TotalHours);
        }
        var last = past.Count > 0 ? past[^1] : null;
        var share = last is null ? null : SignalCurve.CollectedShare(last.Curve, asOf.DayNumber - firstSale.DayNumber, units.Categories.Count, o);
        var (start, order) = current.ByUnit(units.Count);
        var lanes = habits.LaneCarriers(network);
        var bulkyCategory = BulkyCategories(network);

        // Units to forecast: signals now or volume in the last campaign; sorted by codes for a stable output.
        var forecastUnits = new List<int>();
        for (var u = 0; u < units.Count; u++)
            if (start[u] < start[u + 1] || (last?.Daily.ContainsKey(u) ?? false) || level.RecentLevel(u) > 0) forecastUnits.Add(u);
        // With recent volumes given, history-only units follow their level (see LevelPath).
        var levelPath = level.HasRecent && last is not null;
        var lifts = levelPath ? level.Lifts(forecastUnits, last!, asOf.DayNumber - firstSale.DayNumber, offsets) : default;
        forecastUnits.Sort(units.Compare);

        var splits = new List<UnitSplit>();
        var daily = new UnitDays(campaign.HorizonStart);
        var shape = new double[days];
        var historyShape = new double[days];
        var signalShape = new double[days];
        dayShape.SignalShape(offsets, signalShape);
        foreach (var u in forecastUnits)
        {
            var withSignals = start[u] < start[u + 1] && !current.AllUnknown(order, start[u], start[u + 1]);
            var cold = last is null || last.Volume(u) <= 0;
            var signal = withSignals ? SignalFit.SignalVolume(current, order, start[u], start[u + 1], share, cold ? fit.Cold : fit.Beta) : 0;
            // With signals: ordinary volume (even over the days) + signal-driven volume (pooled sale shape).
            // Without: last campaign's volume with its own day shape (level × previous lift).
            var ordinary = withSignals && past.Count >= 2 ? fit.Beta[0] * last!.Ordinary[u] : 0;
            var volume = withSignals ? ordinary + signal
                : levelPath ? level.LevelDays(u, last!, lifts, offsets, shape)
                : fit.AlphaHistory * (last?.Volume(u) ?? 0);
            if (volume <= 0) continue;
            if (withSignals) dayShape.SignalDays(ordinary, signal, signalShape, offsets, firstSale, shape);
            else if (!levelPath) dayShape.Shape(u, offsets, firstSale, shape);
            // A merchant with both signals and history: the blend chosen on the replay.
            var blend = withSignals && !cold && past.Count >= 2 ? bands.Blend : 1.0;
            var historyVolume = blend < 1 ? fit.AlphaHistory * last!.Volume(u) : 0;
            if (blend < 1) dayShape.Shape(u, offsets, firstSale, historyShape);
            var upper = withSignals ? bands.Signal : o.HistoryBands ?? bands.History;
            var (signalBulky, restBulky) = BulkyShares(u, withSignals, cold, signal, current, order, start, share, bulkyCategory, last);
            var (mi, wi) = (units.Merchant(u), units.Warehouse(u));
            string merchant = units.Merchants[mi], warehouse = units.Warehouses[wi], region = units.Regions[units.Region(u)];
            var carriers = habits.CarrierShares(mi, wi, lanes);
            var profile = habits.HourProfile(mi, wi);
            var first = daily.Count;
            daily.StartUnit(merchant, warehouse, region);
            for (var i = 0; i < days; i++)
            {
                var p50 = blend * volume * shape[i] + (blend < 1 ? (1 - blend) * historyVolume * historyShape[i] : 0);
                if (p50 <= 0) continue;
                var p90 = p50 * upper.Ratio(p50, daysToPeak[i]);
                daily.Add(i, p50, p90, blend * signal * (withSignals ? signalShape[i] : 0));
            }
            var split = new UnitSplit(first, daily.Count, merchant, warehouse, region, carriers, profile, signalBulky, restBulky);
            splits.Add(split.HasBulky ? split with { BulkyCarriers = habits.BulkyCarrierShares(mi, wi, lanes) } : split);
        }
        var carrierNames = new string[units.Carriers.Count];
        for (var c = 0; c < carrierNames.Length; c++) carrierNames[c] = units.Carriers[c];
        var pairs = HourlySplit.Pairs(daily, splits, carrierNames, dayStartHour, campaign.HorizonHours);
        return new SignalForecast(pairs, daily, fit.Coefficients());
    }

    /// <summary>The network's bulky categories by category id (null when there are none, as for nearly every run).</summary>
    private bool[]? BulkyCategories(NetworkModel? network)
    {
        if (network?.BulkyCategories is not { Count: > 0 } codes) return null;
        var marked = new bool[units.Categories.Count];
        var any = false;
        foreach (var code in codes)
            if (units.Categories.Find(code) is >= 0 and var id) any = marked[id] = true;
        return any ? marked : null;
    }

    /// <summary>
    /// A unit's bulky shares (see <see cref="UnitSplit"/>): its signal volume's part from bulky
    /// categories (their own fitted β), and for the rest its bulky share of the last campaign's
    /// outcomes, else that signal share, else none.
    /// </summary>
    private (double OfSignal, double OfRest) BulkyShares(int u, bool withSignals, bool cold, double signal, SignalTable current, int[] order, int[] start,
        double[]? share, bool[]? bulkyCategory, PastCampaignData? last)
    {
        var signalShare = 0.0;
        if (withSignals && bulkyCategory is not null && signal > 0)
            signalShare = Math.Clamp(SignalFit.SignalVolume(current, order, start[u], start[u + 1], share, cold ? fit.Cold : fit.Beta, bulkyCategory) / signal, 0, 1);
        var lastVolume = last?.Volume(u) ?? 0;
        var restShare = lastVolume > 0 ? Math.Clamp(last!.Bulky.GetValueOrDefault(u) / lastVolume, 0, 1) : signalShare;
        return (signalShare, restShare);
    }
}
