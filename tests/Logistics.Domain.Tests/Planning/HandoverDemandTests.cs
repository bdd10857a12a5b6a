using System.Text.Json;
using CsCheck;
using Logistics.Domain.Capacity;
using Logistics.Domain.Forecasting;
using Logistics.Domain.Planning;
using Logistics.Scenarios;

namespace Logistics.Domain.Tests.Planning;

public class HandoverDemandTests
{
    [Fact]
    public void Streaming_pairs_in_any_inner_order_plans_exactly_like_the_materialised_forecast()
    {
        Gen.Int[0, 1_000_000].Sample(seed =>
        {
            var input = RandomInstances.Build(seed);
            var rnd = new Random(seed);
            // As the forecast streams: each merchant-warehouse's rows together, in no particular order inside.
            var builder = new HandoverDemandBuilder(input.HorizonHours, input.Network, input.EffectiveSettings.PickupLagHours);
            foreach (var pair in input.Forecast.GroupBy(f => (f.Merchant, f.Warehouse)).OrderBy(_ => rnd.Next()))
                foreach (var row in pair.OrderBy(_ => rnd.Next())) builder.Add(row);
            var streamed = PeakShavingPlanner.Plan(builder.Build(), input.Network, input.Capacities, input.ShipWithinHours, input.Settings);
            Assert.Equal(JsonSerializer.Serialize(PeakShavingPlanner.Plan(input)), JsonSerializer.Serialize(streamed));
        }, iter: 100, threads: 1);
    }

    [Fact]
    public void A_forecast_read_a_pair_at_a_time_plans_exactly_like_its_rows_read_one_by_one()
    {
        var (s, forecast) = Forecasted(5);
        var hours = s.Current.HorizonHours;
        var byRow = Builder(s);
        foreach (var row in forecast.Handovers) byRow.Add(row);
        var byPair = Builder(s);
        var pairs = 0;
        foreach (var pair in forecast.Pairs) { byPair.AddPair(pair); pairs++; }
        var ahead = Builder(s);
        ahead.AddPairs(forecast.Pairs);
        var (a, b, c) = (byRow.Build(), byPair.Build(), ahead.Build());

        Assert.True(pairs > 100, $"{pairs} pairs");
        foreach (var other in new[] { b, c })
        {
            Assert.Equal(a.Rows, other.Rows);
            Assert.Equal(a.ParcelsP50, other.ParcelsP50); // bit for bit: summed in the same order
            Assert.Equal(JsonSerializer.Serialize(a.Pairs), JsonSerializer.Serialize(other.Pairs));
        }
        // The scenario's capacity as hourly series (hours it leaves out unconstrained).
        var capacities = s.Capacity().GroupBy(c => (c.Kind, c.Node, c.Carrier)).Select(g =>
        {
            var parcels = Enumerable.Repeat(1_000_000_000L, hours).ToArray();
            foreach (var c in g)
                if ((int)(c.HourUtc - s.Current.HorizonStartUtc).TotalHours is var h && h >= 0 && h < hours) parcels[h] = c.Parcels;
            return new CapacitySeries(g.Key.Node, g.Key.Kind, g.Key.Carrier, parcels);
        }).ToList();
        var expected = JsonSerializer.Serialize(PeakShavingPlanner.Plan(a, s.Network, capacities, s.Current.ShipWithinHours));
        Assert.Equal(expected, JsonSerializer.Serialize(PeakShavingPlanner.Plan(b, s.Network, capacities, s.Current.ShipWithinHours)));
        Assert.Equal(expected, JsonSerializer.Serialize(PeakShavingPlanner.Plan(c, s.Network, capacities, s.Current.ShipWithinHours)));
    }

    [Fact]
    public void A_pairs_release_shares_and_lines_are_those_of_its_rows()
    {
        var (s, forecast) = Forecasted(7);
        var hours = s.Current.HorizonHours;
        var builder = Builder(s);
        builder.AddPairs(forecast.Pairs);
        var demand = builder.Build();
        var rows = forecast.Handovers.Where(r => r.Hour >= 0 && r.Hour < hours).GroupBy(r => (r.Merchant, r.Warehouse)).ToDictionary(g => g.Key, g => g.ToList());

        Assert.Equal(rows.Count(r => r.Value.Count > 0), demand.Pairs.Count);
        foreach (var pair in demand.Pairs)
        {
            var mine = rows[(pair.Merchant, pair.Warehouse)];
            // Lines as a sorted set of (carrier, region) kept them; shares by region, ordinal.
            Assert.Equal(mine.Select(r => (r.Carrier, r.Region)).Distinct().Order(Comparer<(string, string)>.Default), pair.Lines);
            var p50 = mine.Sum(r => Math.Max(0, r.P50));
            var shares = mine.GroupBy(r => r.Region).Select(g => (Region: g.Key, Share: g.Sum(r => Math.Max(0, r.P50)) / p50))
                .Where(x => x.Share > 0).OrderBy(x => x.Region, StringComparer.Ordinal).ToList();
            Assert.Equal(shares.Select(x => x.Region), pair.Regions.Select(x => x.Region));
            foreach (var (expected, actual) in shares.Zip(pair.Regions)) Assert.Equal(expected.Share, actual.Share, 1e-9);
            Assert.Equal(Math.Floor(p50 + 0.5), pair.Release.Sum(), 6);
            Assert.Equal(mine.Sum(r => Math.Max(0, r.P90)) / p50, pair.P90Ratio, 1e-9);
        }
    }

    [Fact]
    public void Pairs_made_ready_ahead_fail_with_the_forecast_or_the_pair_that_failed_and_do_not_hang()
    {
        var (s, forecast) = Forecasted(5);
        var builder = () => Builder(s);

        IEnumerable<HandoverPair> Failing()
        {
            var n = 0;
            foreach (var p in forecast.Pairs)
            {
                if (++n == 20) throw new InvalidOperationException("the forecast failed");
                yield return p;
            }
        }
        Assert.Equal("the forecast failed", Assert.Throws<InvalidOperationException>(() => builder().AddPairs(Failing())).Message);

        Assert.Contains("are not together", Assert.Throws<ArgumentException>(() => builder().AddPairs(InterleaveTenth(forecast.Pairs))).Message);
        // Rows apart early in a batch, the source failing later in the same batch: the pairs made
        // ready before the failure are still summed first, so the earlier error is the one reported.
        Assert.Contains("are not together", Assert.Throws<ArgumentException>(() => builder().AddPairs(FailAfter(InterleaveTenth(forecast.Pairs), 15))).Message);

        static IEnumerable<HandoverPair> FailAfter(IEnumerable<HandoverPair> pairs, int n)
        {
            var i = 0;
            foreach (var p in pairs)
            {
                if (++i > n) throw new InvalidOperationException("the forecast failed");
                yield return p;
            }
        }

        // The tenth pair comes back after the eleventh: its rows are apart.
        static IEnumerable<HandoverPair> InterleaveTenth(IEnumerable<HandoverPair> pairs)
        {
            var n = 0;
            string? merchant = null, warehouse = null;
            foreach (var p in pairs)
            {
                yield return p;
                if (++n == 10) (merchant, warehouse) = (p.Merchant, p.Warehouse);
                if (n == 11)
                    foreach (var again in pairs)
                        if (again.Merchant == merchant && again.Warehouse == warehouse) { yield return again; break; }
            }
        }
    }

    [Fact]
    public void A_pair_whose_rows_come_apart_is_refused()
    {
        var input = RandomInstances.Build(1);
        var builder = new HandoverDemandBuilder(4, input.Network, 1);
        builder.Add(new HandoverForecast("A", "W", "C", "R", 0, 1, 1));
        builder.Add(new HandoverForecast("B", "W", "C", "R", 0, 1, 1));
        builder.Add(new HandoverForecast("A", "W", "C", "R", 1, 1, 1));
        Assert.Throws<ArgumentException>(() => builder.Build());
    }

    [Fact]
    public void Rows_equal_in_hour_carrier_and_region_are_summed_in_the_same_order_however_they_arrive()
    {
        var input = RandomInstances.Build(3);
        // Each row three times over, with P50s and P90s whose float sums depend on the order they are added in.
        var rows = input.Forecast.SelectMany(f => new[] { f with { P50 = 0.1, P90 = 0.2 }, f with { P50 = 0.2, P90 = 0.3 }, f with { P50 = 0.3, P90 = 0.1 } }).ToList();
        string Plan(bool reversed)
        {
            var b = new HandoverDemandBuilder(input.HorizonHours, input.Network, input.EffectiveSettings.PickupLagHours);
            foreach (var pair in rows.GroupBy(r => (r.Merchant, r.Warehouse)))
                foreach (var r in reversed ? pair.Reverse() : pair) b.Add(r);
            return JsonSerializer.Serialize(PeakShavingPlanner.Plan(b.Build(), input.Network, input.Capacities, input.ShipWithinHours, input.Settings));
        }
        Assert.Equal(Plan(reversed: false), Plan(reversed: true));
    }

    [Fact]
    public void The_planner_refuses_a_demand_summed_with_another_pickup_lag()
    {
        var input = RandomInstances.Build(2);
        var demand = new HandoverDemandBuilder(input.HorizonHours, input.Network, 3).Build();
        Assert.Throws<ArgumentException>(() => PeakShavingPlanner.Plan(demand, input.Network, input.Capacities, input.ShipWithinHours, new PlannerSettings(PickupLagHours: 1)));
    }

    /// <summary>A small generated scenario and its forecast with signals.</summary>
    private static (Scenario S, SignalForecast Forecast) Forecasted(ulong seed)
    {
        var s = ScenarioGenerator.Generate(ScenarioScale.Small, seed);
        return (s, SignalForecaster.Forecast(Forecasting.ScenarioAccuracyTests.Input(s, withSignals: true)));
    }

    private static HandoverDemandBuilder Builder(Scenario s) => new(s.Current.HorizonHours, s.Network, PlannerSettings.Default.PickupLagHours);
}
