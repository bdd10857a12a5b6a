using System.Text.Json;
using CsCheck;
using Logistics.Domain.Handling;
using Logistics.Domain.Planning;

namespace Logistics.Domain.Tests.Planning;

public class PlannerPropertyTests
{
    private static readonly Gen<int> Seeds = Gen.Int[0, 1_000_000];

    /// <summary>The plan's cost is the LP's optimum and the statement's cost of its handovers, and every parcel is planned or counted unplanned.</summary>
    private static void Optimal(PlanningInput input, PlanResult plan)
    {
        var lp = LpOracle.Optimum(input);
        Assert.NotNull(lp);
        Assert.Equal(lp.Value, plan.TotalCost, 1e-6 * Math.Max(1, Math.Abs(lp.Value)));
        Assert.Equal(plan.TotalCost, PlanChecks.CostOf(input, plan));
        Assert.Equal(plan.TotalParcels, plan.Merchants.Sum(m => m.PlannedParcels + m.UnplannedParcels));
    }

    [Fact]
    public void Plan_respects_capacity_and_release_and_matches_the_lp_optimum()
    {
        Seeds.Sample(seed =>
        {
            var input = RandomInstances.Build(seed);
            var plan = PeakShavingPlanner.Plan(input);
            PlanChecks.CapacityRespected(input, plan);
            PlanChecks.NeverBeforeRelease(input, plan);
            Optimal(input, plan);
        }, iter: 300, threads: 1);
    }

    [Fact]
    public void Larger_instances_match_the_lp_optimum_too()
    {
        Seeds.Sample(seed =>
        {
            var input = RandomInstances.Build(seed, large: true);
            var plan = PeakShavingPlanner.Plan(input);
            PlanChecks.CapacityRespected(input, plan);
            var lp = LpOracle.Optimum(input);
            Assert.NotNull(lp);
            Assert.Equal(lp.Value, plan.TotalCost, 1e-6 * Math.Max(1, Math.Abs(lp.Value)));
            Assert.Equal(plan.TotalCost, PlanChecks.CostOf(input, plan));
        }, iter: 60, threads: 1);
    }

    [Fact]
    public void Bulky_and_parcel_classes_share_no_capacity_and_match_the_lp_optimum()
    {
        var bulkyPlanned = 0L;
        Seeds.Sample(seed =>
        {
            var input = RandomInstances.Build(seed, roomy: seed % 3 == 0, large: seed % 4 == 0, bulky: true);
            var plan = PeakShavingPlanner.Plan(input);
            PlanChecks.CapacityRespected(input, plan);
            PlanChecks.NeverBeforeRelease(input, plan);
            PlanChecks.ClassesKeptApart(input, plan);
            Optimal(input, plan);
            bulkyPlanned += plan.Windows.Where(w => w.Handling == HandlingClass.Bulky).Sum(w => w.MaxParcels);
        }, iter: 300, threads: 1);
        Assert.True(bulkyPlanned > 0, "no instance planned a bulky parcel");
    }

    [Fact]
    public void A_feasible_instance_has_no_late_parcel()
    {
        int feasible = 0;
        Seeds.Sample(seed =>
        {
            var input = RandomInstances.Build(seed, roomy: seed % 2 == 0);
            if (LpOracle.Optimum(input, forbidLateAndSpill: true) is null) return;
            feasible++;
            var plan = PeakShavingPlanner.Plan(input);
            Assert.Equal(0, plan.LateParcels);
            Assert.Equal(0, plan.UnplannedParcels);
        }, iter: 200, threads: 1);
        Assert.True(feasible > 20, $"only {feasible} feasible instances drawn");
    }

    [Fact]
    public void Output_is_deterministic_and_independent_of_input_order()
    {
        Seeds.Sample(seed =>
        {
            var input = RandomInstances.Build(seed);
            var shuffled = input with
            {
                Forecast = input.Forecast.Reverse().ToArray(),
                Capacities = input.Capacities.Reverse().ToArray(),
                Network = input.Network with { Lanes = input.Network.Lanes.Reverse().ToArray(), Hubs = input.Network.Hubs.Reverse().ToArray() },
            };
            var a = JsonSerializer.Serialize(PeakShavingPlanner.Plan(input));
            Assert.Equal(a, JsonSerializer.Serialize(PeakShavingPlanner.Plan(input)));
            Assert.Equal(a, JsonSerializer.Serialize(PeakShavingPlanner.Plan(shuffled)));
        }, iter: 100, threads: 1);
    }

    [Fact]
    public void Windows_sum_to_each_merchants_planned_parcels_and_do_not_overlap()
    {
        Seeds.Sample(seed =>
        {
            var plan = PeakShavingPlanner.Plan(RandomInstances.Build(seed));
            foreach (var m in plan.Merchants)
                Assert.Equal(m.PlannedParcels, plan.Windows.Where(w => w.Merchant == m.Merchant).Sum(w => w.MaxParcels));
            foreach (var g in plan.Windows.GroupBy(w => (w.Merchant, w.Warehouse, w.Carrier, w.Hub)))
            {
                var ws = g.OrderBy(w => w.StartHour).ToArray();
                for (int i = 1; i < ws.Length; i++) Assert.True(ws[i].StartHour >= ws[i - 1].EndHour);
            }
        }, iter: 200, threads: 1);
    }
}
