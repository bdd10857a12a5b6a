using Logistics.Domain.Demand;
using Logistics.Domain.Handling;

namespace Logistics.Domain.Forecasting;

/// <summary>Reads a finished campaign's signals and outcomes into <see cref="PastCampaignData"/> and its handovers into the habits.</summary>
internal static class PastCampaignReader
{
    public static PastCampaignData Read(PastColumns p, ForecastUnits units, HandoverHabits habits)
    {
        const int preSpan = PastCampaignData.PreSpan;
        var c = p.Campaign;
        var firstSale = SignalForecaster.FirstSale(c);
        var curve = new List<double[]?>();
        var data = new PastCampaignData { Campaign = c, FirstSale = firstSale, Signals = SignalReader.Read(units, p.Signals, int.MaxValue, curve, firstSale), SignalRows = p.Signals, Curve = curve };
        var days = data.Days;
        data.Pooled = new double[days];
        // Rows usually come grouped by unit and carrier: remember the last ones to skip lookups.
        var unitHours = new Dictionary<int, double[]>();
        var unitCarrier = new Dictionary<long, double>();
        int lastUnit = -1, lastCarrier = -1;
        int lastM = -1, lastW = -1, lastR = -1, lastC = -1;
        double[] daily = [], hours = [];
        long runKey = -1; // parcels of consecutive rows of one unit and carrier, added to unitCarrier at once
        double run = 0;
        var rows = p.Outcomes;
        CodeMap merchants = units.Map(units.Merchants, rows.Merchants), warehouses = units.Map(units.Warehouses, rows.Warehouses), regions = units.Map(units.Regions, rows.Regions);
        var carriers = units.Map(units.Carriers, rows.Carriers);
        var horizonStart = c.HorizonStart.DayNumber;
        for (var row = 0; row < rows.Rows; row++)
        {
            var i = rows.Day(row) - horizonStart;
            var parcels = rows.Parcels(row);
            if (i < 0 && i >= -preSpan && parcels > 0)
            {
                // Before the horizon: only the unit's level reads it (see ForecastColumns.Recent).
                var before = units.Unit(merchants, rows.Merchant(row), warehouses, rows.Warehouse(row), regions, rows.Region(row));
                if (!data.Before.TryGetValue(before, out var b)) data.Before[before] = b = new double[preSpan];
                b[preSpan + i] += parcels;
                continue;
            }
            if (i < 0 || i >= days || parcels <= 0) continue;
            int m = rows.Merchant(row), w = rows.Warehouse(row), r = rows.Region(row);
            if (lastUnit < 0 || m != lastM || w != lastW || r != lastR)
            {
                (lastM, lastW, lastR) = (m, w, r);
                lastUnit = units.Unit(merchants, m, warehouses, w, regions, r);
                if (!data.Daily.TryGetValue(lastUnit, out daily!)) data.Daily[lastUnit] = daily = new double[days];
                if (!unitHours.TryGetValue(lastUnit, out hours!)) unitHours[lastUnit] = hours = new double[24];
            }
            var carrier = rows.Carrier(row);
            if (lastCarrier < 0 || carrier != lastC) { lastC = carrier; lastCarrier = carriers.Id(carrier); }
            daily[i] += parcels;
            data.Pooled[i] += parcels;
            var bulky = rows.Handling(row) == HandlingClass.Bulky;
            if (bulky) data.Bulky[lastUnit] = data.Bulky.GetValueOrDefault(lastUnit) + parcels;
            // Unit, carrier and class: bulky goods keep carrier shares of their own.
            var key = ((long)lastUnit << 17) | ((long)(uint)lastCarrier << 1) | (bulky ? 1L : 0L);
            if (key != runKey)
            {
                if (runKey >= 0) unitCarrier[runKey] = unitCarrier.GetValueOrDefault(runKey) + run;
                (runKey, run) = (key, 0);
            }
            run += parcels;
            var hour = rows.Hour(row);
            if (hour != OutcomeColumns.NoHour) hours[hour] += parcels;
        }
        if (runKey >= 0) unitCarrier[runKey] = unitCarrier.GetValueOrDefault(runKey) + run;
        // Fold the unit totals into merchant-warehouse, warehouse and network habits.
        foreach (var (key, parcels) in unitCarrier) habits.AddCarrier((int)(key >> 17), (int)((key >> 1) & 0xFFFF), parcels, (key & 1) == 1);
        foreach (var (u, h) in unitHours) habits.AddHours(u, h);
        return data;
    }
}
