using System.Diagnostics;
using Logistics.Domain.Alerts;
using Logistics.Domain.Capacity;
using Logistics.Domain.Forecasting;
using Logistics.Domain.Network;
using Logistics.Domain.Planning;
using Xunit.Abstractions;

namespace Logistics.Domain.Tests.Planning;

/// <summary>
/// Not a timed test: a probe that runs only when PLANNER_SCALE is set ("WAREHOUSESxHOURS[xMERCHANTS[xOUTBOUND%]]"), e.g.
/// (PLANNER_HEADROOM=N sets the headroom cost), e.g.
/// PLANNER_SCALE=200x336 dotnet test tests/Logistics.Domain.Tests -c Release --filter PlannerScaleProbe --logger "console;verbosity=detailed"
/// </summary>
public class PlannerScaleProbe(ITestOutputHelper output)
{
    [Fact]
    public void Plan_a_synthetic_network()
    {
        var spec = Environment.GetEnvironmentVariable("PLANNER_SCALE");
        if (string.IsNullOrEmpty(spec)) return;
        var parts = spec.Split('x').Select(int.Parse).ToArray();
        var sw = Stopwatch.StartNew();
        var input = Synthetic(parts[0], parts[1], parts.Length > 2 ? parts[2] : 10, parts.Length > 3 ? parts[3] / 100.0 : 1.6);
        if (Environment.GetEnvironmentVariable("PLANNER_HEADROOM") is { Length: > 0 } headroom)
            input = input with { Settings = input.EffectiveSettings with { HeadroomCost = long.Parse(headroom) } };
        output.WriteLine($"generate: {sw.Elapsed.TotalSeconds:0.00}s, rows {input.Forecast.Count:N0}, headroom cost {input.EffectiveSettings.HeadroomCost}");
        sw.Restart();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var plan = PeakShavingPlanner.Plan(input, (name, took) => output.WriteLine($"  {name}: {took.TotalSeconds:0.00}s"));
        output.WriteLine($"plan: {sw.Elapsed.TotalSeconds:0.00}s (cpu {(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds:0.00}s), parcels {plan.TotalParcels:N0}, handovers {plan.Handovers.Count:N0}, windows {plan.Windows.Count:N0}, delayed {plan.Merchants.Sum(m => m.DelayedParcels):N0}, delay-h {plan.Merchants.Sum(m => m.TotalDelayHours):N0}, late {plan.LateParcels:N0}, unplanned {plan.UnplannedParcels:N0}, peak MB {Process.GetCurrentProcess().PeakWorkingSet64 / 1_000_000}");
        sw.Restart();
        var alerts = AlertEngine.Evaluate(new AlertInput(input.HorizonHours, plan.Loads, input.Network, []));
        output.WriteLine($"alerts: {sw.Elapsed.TotalSeconds:0.00}s, {alerts.InForce.Count:N0} in force");
    }

    /// <summary>20 carriers, 600 hubs in 30 regions, 3 carriers per warehouse, two sale-day peaks.</summary>
    public static PlanningInput Synthetic(int warehouseCount, int hours, int merchantsPerWarehouse, double outboundFactor = 1.6)
    {
        var rnd = new Random(42);
        var regions = Enumerable.Range(0, 30).Select(i => new Region($"R{i:00}", $"R{i:00}")).ToArray();
        var carriers = Enumerable.Range(0, 20).Select(i => new Carrier($"C{i:00}", $"C{i:00}")).ToArray();
        var hubs = carriers.SelectMany(c => regions.Select(r => new Hub($"{c.Code}-{r.Code}", "", c.Code, r.Code))).ToArray();
        var warehouses = Enumerable.Range(0, warehouseCount).Select(i => new Warehouse($"W{i:0000}", "", regions[i % 30].Code)).ToArray();
        var lanes = new List<Lane>();
        var forecast = new List<HandoverForecast>();
        var caps = new List<CapacitySeries>();
        var merchants = new List<Merchant>();
        double Shape(int t) => 1 + 6 * Math.Exp(-Math.Pow((t % 240 - 14) / 6.0, 2)) + 0.5 * Math.Sin(t * Math.PI / 12);
        foreach (var w in warehouses)
        {
            var wc = Enumerable.Range(0, 3).Select(k => carriers[(int.Parse(w.Code[1..]) + 7 * k) % 20]).Distinct().ToArray();
            foreach (var c in wc) lanes.Add(new Lane(w.Code, $"{c.Code}-{w.Region}", c.Code, 24));
            double whVolume = 0;
            for (int m = 0; m < merchantsPerWarehouse; m++)
            {
                var code = $"M{w.Code[1..]}-{m:00}";
                merchants.Add(new Merchant(code, code));
                double scale = 0.5 + rnd.NextDouble() * 4;
                var carrier = wc[m % wc.Length].Code;
                var dest = regions[rnd.Next(30)].Code;
                for (int t = 0; t < hours; t++)
                {
                    double p50 = scale * Shape(t);
                    whVolume += p50;
                    forecast.Add(new HandoverForecast(code, w.Code, carrier, dest, t, p50, p50 * 1.4));
                }
            }
            long outbound = (long)(whVolume / hours * outboundFactor);
            caps.Add(new CapacitySeries(w.Code, CapacityKind.Outbound, null, Enumerable.Range(0, hours).Select(t => t % 24 < 6 ? outbound / 3 : outbound).ToArray()));
            foreach (var c in wc)
                caps.Add(new CapacitySeries(w.Code, CapacityKind.Pickup, c.Code, Enumerable.Repeat((long)(outbound * 0.7), hours).ToArray()));
        }
        foreach (var h in hubs)
            caps.Add(new CapacitySeries(h.Code, CapacityKind.Sort, null, Enumerable.Repeat(40L * Math.Max(1, warehouseCount * merchantsPerWarehouse / 600), hours).ToArray()));
        var network = new NetworkModel(carriers, hubs, warehouses, regions, merchants, lanes, []);
        return new PlanningInput(hours, network, forecast, caps);
    }
}
