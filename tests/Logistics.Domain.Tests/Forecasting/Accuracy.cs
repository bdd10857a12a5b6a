using Logistics.Domain.Campaigns;
using Logistics.Domain.Demand;
using Logistics.Domain.Forecasting;
using Logistics.Domain.Network;

namespace Logistics.Domain.Tests.Forecasting;

/// <summary>WAPE of a forecast against true outcomes at the levels of issue 4's goals.</summary>
public static class Accuracy
{
    /// <summary>Merchant-warehouse-day: Σ|f − a| ÷ Σa over every key in either.</summary>
    public static double MerchantWarehouseDay(SignalForecast f, IEnumerable<OutcomeRow> truth)
    {
        var a = truth.GroupBy(r => (r.Merchant, r.Warehouse, r.Date)).ToDictionary(g => g.Key, g => (double)g.Sum(r => r.Parcels));
        var p = f.Days.GroupBy(d => (d.Merchant, d.Warehouse, d.Date)).ToDictionary(g => g.Key, g => g.Sum(d => d.P50));
        return Wape(a, p);
    }

    /// <summary>Origin-hub-day: both sides routed through the same lanes (day = horizon hour ÷ 24).</summary>
    public static double HubDay(SignalForecast f, IEnumerable<OutcomeRow> truth, NetworkModel network, Campaign campaign)
    {
        var hours = campaign.HorizonHours;
        var actual = truth.Select(r => new HandoverForecast(r.Merchant, r.Warehouse, r.Carrier, r.Region,
            (int)Math.Round((campaign.LocalMidnightUtc(r.Date).AddHours(r.Hour) - campaign.HorizonStartUtc).TotalHours), r.Parcels, r.Parcels))
            .Where(h => h.Hour >= 0 && h.Hour < hours);
        var a = HubLoad.Aggregate(actual, network, hours).Origin.GroupBy(l => (l.Hub, l.Hour / 24)).ToDictionary(g => g.Key, g => g.Sum(l => l.P50));
        var p = HubLoad.Aggregate(f.Handovers, network, hours).Origin.GroupBy(l => (l.Hub, l.Hour / 24)).ToDictionary(g => g.Key, g => g.Sum(l => l.P50));
        return Wape(a, p);
    }

    /// <summary>Share of unit-days (merchant, warehouse, region, date) whose actual is at most the P90.</summary>
    public static double P90Coverage(SignalForecast f, IEnumerable<OutcomeRow> truth)
    {
        var a = truth.GroupBy(r => (r.Merchant, r.Warehouse, r.Region, r.Date)).ToDictionary(g => g.Key, g => (double)g.Sum(r => r.Parcels));
        return f.Days.Count == 0 ? 0 : f.Days.Count(d => a.GetValueOrDefault((d.Merchant, d.Warehouse, d.Region, d.Date)) <= d.P90) / (double)f.Days.Count;
    }

    private static double Wape<TKey>(Dictionary<TKey, double> actual, Dictionary<TKey, double> forecast) where TKey : notnull
    {
        var keys = actual.Keys.Union(forecast.Keys);
        var total = actual.Values.Sum();
        return total == 0 ? 0 : keys.Sum(k => Math.Abs(forecast.GetValueOrDefault(k) - actual.GetValueOrDefault(k))) / total;
    }
}
