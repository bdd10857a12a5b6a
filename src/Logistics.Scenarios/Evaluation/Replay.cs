using Logistics.Domain.Alerts;
using Logistics.Domain.Forecasting;
using Logistics.Domain.Planning;

namespace Logistics.Scenarios.Evaluation;

/// <summary>
/// Replays a generated campaign as it unfolds: after each pre-sale day a planning run forecasts from the
/// signals known by then, plans and derives alerts, carrying the previous run's alerts (hysteresis, ids),
/// exactly as the planning run does (the same forecaster, planner and alert engine). Every run is scored
/// against what really happens: the generator's realised demand, which the forecast never sees.
/// </summary>
public static class Replay
{
    public static EvaluationReport Run(ScenarioScale scale, ulong seed, Action<string>? progress = null, Action<ReplayStep>? step = null,
        AlertThresholds? thresholds = null, int currentYear = ScenarioGenerator.DefaultCurrentYear)
    {
        var th = thresholds ?? AlertThresholds.Default;
        var settings = PlannerSettings.Default;
        var lag = settings.PickupLagHours;
        var scenario = ScenarioGenerator.Generate(scale, seed, currentYear: currentYear);
        var campaign = scenario.Current;
        var hours = campaign.HorizonHours;
        progress?.Invoke("reading the generated campaign");
        var world = ReplayWorld.Read(scenario, lag);
        var realised = world.Realised;
        var truth = Truth.Of(realised, th);

        var runs = new List<(DateOnly AsOf, DateTimeOffset At, int Hour, Tally Tally)>();
        var firstWarned = new Dictionary<(NodeId, int), int>();   // truth hour → index of the first run that covered it
        var created = new Dictionary<string, int>();              // alert id → run that created it
        var seenBy = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        IReadOnlyList<Alert> previous = [];
        var wape = 0.0;
        var knownTotals = new long[3];
        foreach (var asOf in scenario.PresaleDays(campaign))
        {
            var at = campaign.LocalMidnightUtc(asOf.AddDays(1));
            var runHour = (int)Math.Floor((at - campaign.HorizonStartUtc).TotalHours);
            progress?.Invoke($"run as of {asOf:yyyy-MM-dd}: forecast");
            var forecast = SignalForecaster.Forecast(world.ForecastInput(asOf));
            var builder = new HandoverDemandBuilder(hours, scenario.Network, lag);
            builder.AddPairs(forecast.Pairs);
            var demand = builder.Build();
            wape = HubDayWape(demand, realised, hours);
            progress?.Invoke($"run as of {asOf:yyyy-MM-dd}: plan");
            var plan = PeakShavingPlanner.Plan(demand, scenario.Network, world.Capacities, campaign.ShipWithinHours, settings);
            var result = AlertEngine.Evaluate(new AlertInput(hours, plan.Loads, scenario.Network, previous, th, $"{campaign.Code}/{asOf:MMdd}/", runHour));
            previous = result.InForce;
            var alerts = result.InForce;
            progress?.Invoke($"run as of {asOf:yyyy-MM-dd}: score");
            var following = Following.Spread(realised, plan.Windows, campaign.ShipWithinHours);
            KnownTotals.Count(plan.Loads, realised.Arrivals, truth.Overloaded, th, knownTotals);
            var tally = Tally.Of(truth, realised, alerts, following, Contradictions.Find(plan, alerts, scenario.Network, hours, lag).Count);

            var index = runs.Count;
            foreach (var a in alerts.Where(a => a.Level is AlertLevel.Blocked or AlertLevel.Warning))
            {
                var id = NodeId.Of(a);
                if (!truth.Overloaded.TryGetValue(id, out var over)) continue;
                for (var t = Math.Max(0, a.StartHour); t < Math.Min(hours, a.EndHour); t++)
                    if (over[t]) firstWarned.TryAdd((id, t), index);
            }
            foreach (var e in result.Events)
            {
                if (e.Kind == AlertEventKind.Created) created[e.Alert.Id] = index;
                else if (e.Kind == AlertEventKind.Cleared && created.TryGetValue(e.Alert.Id, out var born)
                         && born < index && runHour - runs[born].Hour <= 24 && e.Alert.EndHour > runHour)
                    tally.Churned++;
            }
            tally.Created = result.Events.Count(e => e.Kind == AlertEventKind.Created);
            Audience.Note(plan, demand, alerts, scenario.Network, seenBy, tally);
            runs.Add((asOf, at, runHour, tally));
            step?.Invoke(new ReplayStep(asOf, at, runHour, plan, alerts, following.Arrivals, realised));
        }

        // Churn counts against the run that created the alert; lead times against the truth hours.
        var merchants = scenario.Network.Merchants.Select(m => m.Code).ToArray();
        var perRun = runs.Select((r, i) => new EvaluationRun(r.AsOf, r.At, r.Hour,
            r.Tally.Figures(truth, Lead(truth, firstWarned, runs.Select(x => x.Hour).ToArray(), i), merchants, seenBy: null))).ToArray();
        var overall = Tally.Sum(runs.Select(r => r.Tally)).Figures(truth, Lead(truth, firstWarned, runs.Select(x => x.Hour).ToArray(), null), merchants, seenBy);
        return new EvaluationReport(scale.ToString().ToLowerInvariant(), seed, campaign.Code, campaign.TimeZone, Math.Round(wape, 3),
            merchants.Length, overall, perRun, KnownTotals.Of(knownTotals));
    }

    /// <summary>Lead hours of each truly overloaded hour warned by the runs up to <paramref name="upTo"/> (all when null); unwarned hours count as none.</summary>
    private static (double[] Leads, int Truth) Lead(Truth truth, Dictionary<(NodeId, int), int> firstWarned, int[] runHours, int? upTo)
    {
        var leads = new List<double>();
        foreach (var ((node, t), run) in firstWarned)
            if (upTo is null || run <= upTo) leads.Add(t - runHours[run]);
        return ([.. leads.Order()], truth.Count);
    }

    /// <summary>Origin-hub-day WAPE of the forecast's P50 (as merchants would ship) against the realised volume.</summary>
    private static double HubDayWape(HandoverDemand demand, Realised realised, int hours)
    {
        var forecast = new Dictionary<(string, int), double>();
        foreach (var (kind, node, _, p50) in demand.UnshavedP50ByNode())
            if (kind == LoadNodeKind.OriginSort)
                for (var t = 0; t < hours; t++) forecast[(node, t / 24)] = forecast.GetValueOrDefault((node, t / 24)) + p50[t];
        var actual = new Dictionary<(string, int), double>();
        foreach (var (id, series) in realised.Arrivals)
            if (id.Kind == LoadNodeKind.OriginSort)
                for (var t = 0; t < hours; t++) actual[(id.Node, t / 24)] = actual.GetValueOrDefault((id.Node, t / 24)) + series[t];
        var total = actual.Values.Sum();
        return total == 0 ? 0 : actual.Keys.Union(forecast.Keys).Sum(k => Math.Abs(forecast.GetValueOrDefault(k) - actual.GetValueOrDefault(k))) / total;
    }
}
