using Google.OrTools.LinearSolver;
using Logistics.Domain.Capacity;
using Logistics.Domain.Handling;
using Logistics.Domain.Planning;

namespace Logistics.Domain.Tests.Planning;

/// <summary>
/// The planning problem written straight from its statement as an LP (GLOP), independent of the
/// planner's graph: x[w,k,r,h,lane] parcels of class k released at r handed over at h ≥ r on a lane;
/// spill y[w,k,r]; switching s[w,k,c,h] ≥ handed to c − habit. Per-parcel cost: DelayCost·(h−r) +
/// LateCost·max(0, h−r−S); a spilled parcel costs as if handed at H−1, plus SpillCost. Classes: a
/// parcel uses the warehouse's outbound, the carrier's pickup and the hub's sort; a bulky parcel uses
/// the carrier's bulky pickup and the hub's bulky line, has no lane to a hub without a bulky line, and
/// does not pass the outbound. Every capacity also has a headroom band: use above
/// <see cref="Headroom.Safe"/> (capacity ÷ the unit's ΣP90/ΣP50, for a hub line the largest ratio of
/// the units with a lane to it) costs HeadroomCost a parcel. Assumes integer P50 (no rounding).
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
            input.Capacities.FirstOrDefault(c => c.Kind == k && c.Node == node
                && (k is not (CapacityKind.Pickup or CapacityKind.BulkyPickup) || c.Carrier == carrier))?.Parcels.ToArray();
        var bulkyLines = input.Capacities.Where(c => c.Kind == CapacityKind.BulkySort).Select(c => c.Node).ToHashSet();

        var sortUse = new Dictionary<(string Hub, HandlingClass Class, int Hour), List<Variable>>();
        var ratio = input.Forecast.Where(f => f.Hour >= 0 && f.Hour < H).GroupBy(f => (f.Warehouse, f.Handling))
            .ToDictionary(g => g.Key, g => Headroom.Ratio(g.Sum(f => Math.Max(0, f.P50)), g.Sum(f => Math.Max(0, f.P90))));
        var hubRatio = new Dictionary<(string, HandlingClass), double>();
        foreach (var ((w, k), r) in ratio)
            foreach (var l in input.Network.Lanes.Where(l => l.Warehouse == w && (k == HandlingClass.Parcel || bulkyLines.Contains(l.Hub))))
                hubRatio[(l.Hub, k)] = Math.Max(hubRatio.GetValueOrDefault((l.Hub, k), 1.0), r);
        // Σ uses ≤ capacity, and Σ uses − band ≤ safe with the band priced per parcel.
        void Limit(IEnumerable<Variable> uses, long capacity, double r)
        {
            var list = uses.ToList();
            var c = solver.MakeConstraint(double.NegativeInfinity, capacity);
            foreach (var x in list) c.SetCoefficient(x, 1);
            if (st.HeadroomCost <= 0) return;
            var band = solver.MakeNumVar(0, double.PositiveInfinity, "");
            objective.SetCoefficient(band, st.HeadroomCost);
            var safe = solver.MakeConstraint(double.NegativeInfinity, Headroom.Safe(capacity, r));
            foreach (var x in list) safe.SetCoefficient(x, 1);
            safe.SetCoefficient(band, -1);
        }
        foreach (var (w, k) in input.Forecast.Select(f => (f.Warehouse, f.Handling)).Distinct())
        {
            var rel = new long[H];
            foreach (var f in input.Forecast.Where(f => f.Warehouse == w && f.Handling == k && f.Hour < H)) rel[f.Hour] += (long)f.P50;
            var lanes = input.Network.Lanes.Where(l => l.Warehouse == w && (k == HandlingClass.Parcel || bulkyLines.Contains(l.Hub))).ToArray();
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
                            if (!sortUse.TryGetValue((l.Hub, k, h + lag), out var list)) sortUse[(l.Hub, k, h + lag)] = list = [];
                            list.Add(x);
                        }
                    }
                var y = solver.MakeNumVar(0, forbidLateAndSpill ? 0 : double.PositiveInfinity, "");
                supply.SetCoefficient(y, 1);
                int wait = H - 1 - r;
                objective.SetCoefficient(y, st.DelayCost * wait + st.LateCost * Math.Max(0, wait - S) + st.SpillCost(H));
            }
            var unitRatio = ratio.GetValueOrDefault((w, k), 1.0);
            var outbound = k == HandlingClass.Parcel ? Cap(CapacityKind.Outbound, w, null) : null;
            for (int h = 0; h < H; h++)
            {
                if (outbound is not null) Limit(byHour[h].Select(u => u.X), outbound[h], unitRatio);
                foreach (var carrier in lanes.Select(l => l.Carrier).Distinct())
                {
                    var pick = Cap(k == HandlingClass.Bulky ? CapacityKind.BulkyPickup : CapacityKind.Pickup, w, carrier);
                    if (pick is not null) Limit(byHour[h].Where(u => u.Carrier == carrier).Select(u => u.X), pick[h], unitRatio);
                    long habit = input.Forecast.Where(f => f.Warehouse == w && f.Handling == k && f.Hour == h && f.Carrier == carrier).Sum(f => (long)f.P50);
                    var s = solver.MakeNumVar(0, double.PositiveInfinity, "");
                    objective.SetCoefficient(s, st.SwitchCost);
                    var sw = solver.MakeConstraint(double.NegativeInfinity, habit);
                    sw.SetCoefficient(s, -1);
                    foreach (var (x, cc) in byHour[h]) if (cc == carrier) sw.SetCoefficient(x, 1);
                }
            }
        }
        foreach (var ((hub, k, hour), xs) in sortUse)
        {
            var sort = Cap(k == HandlingClass.Bulky ? CapacityKind.BulkySort : CapacityKind.Sort, hub, null);
            if (sort is null) continue;
            Limit(xs, sort[hour], hubRatio.GetValueOrDefault((hub, k), 1.0));
        }
        var status = solver.Solve();
        return status == Solver.ResultStatus.OPTIMAL ? objective.Value() : null;
    }
}
