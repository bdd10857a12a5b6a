using Google.OrTools.LinearSolver;
using Logistics.Domain.Capacity;
using Logistics.Domain.Planning;

namespace Logistics.Domain.Tests.Planning;

/// <summary>
/// The planning problem written straight from its statement as an LP (GLOP), independent of the
/// planner's graph: x[w,r,h,lane] parcels released at r handed over at h ≥ r on a lane; spill y[w,r];
/// switching s[w,c,h] ≥ handed to c − habit. Per-parcel cost: DelayCost·(h−r) + LateCost·max(0, h−r−S);
/// a spilled parcel costs as if handed at H−1, plus SpillCost. Assumes integer P50 (no rounding).
/// </summary>
public static class LpOracle
{
    public static double? Optimum(PlanningInput input, bool forbidLateAndSpill = false)
    {
        int H = input.HorizonHours, S = input.ShipWithinHours;
        var st = input.EffectiveSettings;
        int lag = st.PickupLagHours;
        using var solver = Solver.CreateSolver("GLOP");
        var objective = solver.Objective();
        objective.SetMinimization();

        long[]? Cap(CapacityKind k, string node, string? carrier) =>
            input.Capacities.FirstOrDefault(c => c.Kind == k && c.Node == node && (k != CapacityKind.Pickup || c.Carrier == carrier))?.Parcels.ToArray();

        var sortUse = new Dictionary<(string Hub, int Hour), List<Variable>>();
        foreach (var w in input.Forecast.Select(f => f.Warehouse).Distinct())
        {
            var rel = new long[H];
            foreach (var f in input.Forecast.Where(f => f.Warehouse == w && f.Hour < H)) rel[f.Hour] += (long)f.P50;
            var lanes = input.Network.Lanes.Where(l => l.Warehouse == w).ToArray();
            var byHour = Enumerable.Range(0, H).Select(_ => new List<(Variable X, string Carrier)>()).ToArray();
            for (int r = 0; r < H; r++)
            {
                if (rel[r] == 0) continue;
                var supply = solver.MakeConstraint(rel[r], rel[r]);
                for (int h = r; h < H; h++)
                    foreach (var l in lanes)
                    {
                        int d = h - r, lateH = Math.Max(0, d - S);
                        var x = solver.MakeNumVar(0, forbidLateAndSpill && lateH > 0 ? 0 : double.PositiveInfinity, "");
                        supply.SetCoefficient(x, 1);
                        objective.SetCoefficient(x, st.DelayCost * d + st.LateCost * lateH);
                        byHour[h].Add((x, l.Carrier));
                        if (h + lag < H)
                        {
                            if (!sortUse.TryGetValue((l.Hub, h + lag), out var list)) sortUse[(l.Hub, h + lag)] = list = [];
                            list.Add(x);
                        }
                    }
                var y = solver.MakeNumVar(0, forbidLateAndSpill ? 0 : double.PositiveInfinity, "");
                supply.SetCoefficient(y, 1);
                int wait = H - 1 - r;
                objective.SetCoefficient(y, st.DelayCost * wait + st.LateCost * Math.Max(0, wait - S) + st.SpillCost(H));
            }
            var outbound = Cap(CapacityKind.Outbound, w, null);
            for (int h = 0; h < H; h++)
            {
                if (outbound is not null)
                {
                    var c = solver.MakeConstraint(double.NegativeInfinity, outbound[h]);
                    foreach (var (x, _) in byHour[h]) c.SetCoefficient(x, 1);
                }
                foreach (var carrier in lanes.Select(l => l.Carrier).Distinct())
                {
                    var pick = Cap(CapacityKind.Pickup, w, carrier);
                    if (pick is not null)
                    {
                        var c = solver.MakeConstraint(double.NegativeInfinity, pick[h]);
                        foreach (var (x, cc) in byHour[h]) if (cc == carrier) c.SetCoefficient(x, 1);
                    }
                    long habit = input.Forecast.Where(f => f.Warehouse == w && f.Hour == h && f.Carrier == carrier).Sum(f => (long)f.P50);
                    var s = solver.MakeNumVar(0, double.PositiveInfinity, "");
                    objective.SetCoefficient(s, st.SwitchCost);
                    var sw = solver.MakeConstraint(double.NegativeInfinity, habit);
                    sw.SetCoefficient(s, -1);
                    foreach (var (x, cc) in byHour[h]) if (cc == carrier) sw.SetCoefficient(x, 1);
                }
            }
        }
        foreach (var ((hub, hour), xs) in sortUse)
        {
            var sort = Cap(CapacityKind.Sort, hub, null);
            if (sort is null) continue;
            var c = solver.MakeConstraint(double.NegativeInfinity, sort[hour]);
            foreach (var x in xs) c.SetCoefficient(x, 1);
        }
        var status = solver.Solve();
        return status == Solver.ResultStatus.OPTIMAL ? objective.Value() : null;
    }
}
