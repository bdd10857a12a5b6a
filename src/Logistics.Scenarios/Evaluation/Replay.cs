using Logistics.Domain.Alerts;
using Logistics.Domain.Forecasting;
using Logistics.Domain.Handling;
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
        AlertThresholds? thresholds = null, int currentYear = ScenarioGenerator.DefaultCurrentYear, bool appliances = false)
    {
        var th = thresholds ?? AlertThresholds.Default;
        var settings = PlannerSettings.Default;
        var lag = settings.PickupLagHours;
        var size = ScenarioSize.For(scale);
        var scenario = ScenarioGenerator.Generate(appliances ? size.WithAppliances() : size, seed, currentYear: currentYear);
        var campaign = scenario.Current;
        var hours = campaign.HorizonHours;
        progress?.Invoke("reading the generated campaign");
        var world = ReplayWorld.Read(scenario, lag);
        var realised = world.Realised;
        var truth = Truth.Of(realised, th);
        var bulkyLines = HandoverDemandBuilder.BulkyLines(world.Capacities);
        // All classes together, then each class in a row of its own when the world has bulky goods.
        HandlingClass?[] scopes = scenario.HasAppliances ? [null, HandlingClass.Parcel, HandlingClass.Bulky] : [null];
        var alertClass = new Dictionary<string, HandlingClass>(StringComparer.Ordinal);
        Func<string, bool>? InScope(HandlingClass? scope) => scope is null ? null : id => alertClass[id] == scope;

        var runs = new List<(DateOnly AsOf, DateTimeOffset At, int Hour, Tally[] Tally)>();
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
            var builder = new HandoverDemandBuilder(hours, scenario.Network, lag, bulkyLines);
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
            var contradictions = Contradictions.Find(plan, alerts, scenario.Network, hours, lag);
            foreach (var a in alerts) alertClass[a.Id] = LoadNodeKinds.Handling(a.NodeKind);
            var tallies = scopes.Select(scope => Tally.Of(truth, realised, alerts, following,
                contradictions.Count(c => scope is null || c.Handling == scope), scope)).ToArray();

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
                var inScope = scopes.Select(s => NodeId.In(s, e.Alert.NodeKind)).ToArray();
                if (e.Kind == AlertEventKind.Created) created[e.Alert.Id] = index;
                else if (e.Kind == AlertEventKind.Cleared && created.TryGetValue(e.Alert.Id, out var born)
                         && born < index && runHour - runs[born].Hour <= 24 && e.Alert.EndHour > runHour)
                    for (var s = 0; s < scopes.Length; s++)
                        if (inScope[s]) { if (e.Withdraws) tallies[s].Churned++; else tallies[s].Merged++; }
                if (e.Kind == AlertEventKind.Created)
                    for (var s = 0; s < scopes.Length; s++) if (inScope[s]) tallies[s].Created++;
            }
            var mine = Audience.Note(plan, demand, alerts, realised.Routes, seenBy);
            for (var s = 0; s < scopes.Length; s++) tallies[s].PerMerchant = Audience.Counts(mine, scenario.Network, InScope(scopes[s]));
            runs.Add((asOf, at, runHour, tallies));
            step?.Invoke(new ReplayStep(asOf, at, runHour, plan, alerts, following.Arrivals, realised));
        }

        // Churn counts against the run that created the alert; lead times against the truth hours.
        var merchants = scenario.Network.Merchants.Select(m => m.Code).ToArray();
        var runHours = runs.Select(x => x.Hour).ToArray();
        EvaluationFigures Overall(int s) => Tally.Sum(runs.Select(r => r.Tally[s]))
            .Figures(truth, Lead(truth, firstWarned, runHours, null, scopes[s]), merchants, seenBy, scopes[s], InScope(scopes[s]));
        var perRun = runs.Select((r, i) => new EvaluationRun(r.AsOf, r.At, r.Hour,
            r.Tally[0].Figures(truth, Lead(truth, firstWarned, runHours, i, null), merchants, seenBy: null, null, null))).ToArray();
        var classes = scopes.Length == 1 ? null
            : Enumerable.Range(1, scopes.Length - 1).Select(s => new ClassFigures(HandlingClasses.Name(scopes[s]!.Value), Overall(s))).ToArray();
        return new EvaluationReport(scale.ToString().ToLowerInvariant(), seed, campaign.Code, campaign.TimeZone, Math.Round(wape, 3),
            merchants.Length, Overall(0), perRun, KnownTotals.Of(knownTotals), classes);
    }

    /// <summary>
    /// Lead hours of each truly overloaded hour in scope warned by the runs up to <paramref name="upTo"/> (all when null);
    /// unwarned hours count as none.
    /// </summary>
    private static (double[] Leads, int Truth) Lead(Truth truth, Dictionary<(NodeId, int), int> firstWarned, int[] runHours, int? upTo, HandlingClass? scope)
    {
        var leads = new List<double>();
        foreach (var ((node, t), run) in firstWarned)
            if ((upTo is null || run <= upTo) && NodeId.In(scope, node.Kind)) leads.Add(t - runHours[run]);
        return ([.. leads.Order()], truth.Count(scope));
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
