using System.Diagnostics;
using System.Text.Json;
using Dapper;
using Logistics.Domain.Alerts;
using Logistics.Domain.Forecasting;
using Logistics.Domain.Planning;
using Logistics.Server.Infrastructure;
using Logistics.Server.Loads;
using Logistics.Server.Planning;
using Logistics.Server.Publication;
using Npgsql;

namespace Logistics.Server.WhatIf;

/// <summary>
/// A what-if: the full planning run (snapshot, forecast, shave, alerts) with capacity overridden, and
/// a diff against the published run instead of a publication. It writes its own what_if_runs row and
/// nothing else; it takes no campaign lock, so it never holds up a real run or is held up by one.
/// </summary>
internal sealed class WhatIfRun(NpgsqlDataSource db, TimeProvider clock, ILogger<WhatIfRun> log)
{
    public static readonly JsonSerializerOptions Json = AlertBody.Json;

    public async Task<string> RunAsync(long id, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var row = await conn.QuerySingleOrDefaultAsync<(string Campaign, string Overrides)?>(new CommandDefinition(WhatIfSql.Start, new { id }, cancellationToken: ct))
            ?? throw new InvalidOperationException($"no what-if {id}");
        var stages = new List<(string Name, double Seconds)>();
        var watch = Stopwatch.StartNew();
        void Stage(string name) { stages.Add((name, Math.Round(watch.Elapsed.TotalSeconds, 3))); watch.Restart(); }
        long? baseRun = null;
        try
        {
            var overrides = JsonSerializer.Deserialize<List<CapacityOverride>>(row.Overrides, Json) ?? [];
            var (snap, input) = await SnapshotReader.ReadAsync(db, row.Campaign, ct);
            await Task.Yield();   // off the read's stack, as the planning run does, so its columns can go
            var now = PlanningRun.NowHour(snap.Campaign, clock.GetUtcNow());
            var (resolved, errors) = OverrideChecks.Check(overrides, snap.Network);
            if (errors.Count > 0) throw new PlanningException("the network changed since the what-if was asked for: " + string.Join("; ", errors));
            snap = snap with { Capacities = OverrideApplier.Apply(snap.Capacities, resolved, snap.Campaign) };
            Stage("snapshot");

            SignalForecast? forecast = SignalForecaster.Forecast(ref input);
            MemoryReturn.Now();
            var demand = PlanningRun.HandOff(snap, forecast);
            forecast = null;
            MemoryReturn.Now();
            Stage("forecast");

            var plan = PeakShavingPlanner.Plan(demand, snap.Network, snap.Capacities, snap.Campaign.ShipWithinHours);
            MemoryReturn.Now();
            Stage("plan");

            var alerts = AlertEngine.Evaluate(new AlertInput(snap.Campaign.HorizonHours, plan.Loads, snap.Network, snap.PreviousAlerts, null, $"{row.Campaign}/", now)).InForce;
            Stage("alerts");

            // Read only now, with the demand columns gone: the run's peak stays where a normal run's is.
            var published = await BaseAsync(conn, snap, now, ct);
            baseRun = published.Id;
            var diff = WhatIfDiffBuilder.Build(published, plan, alerts, demand, snap.Network, snap.Campaign, HandoverDemandBuilder.BulkyLines(snap.Capacities));
            Stage("diff");
            await FinishAsync(conn, id, RunStatus.Finished, baseRun, stages, diff, null, ct);
            return $"what-if {id}: {diff.AlertsAdded.Count} alerts added, {diff.AlertsRemoved.Count} removed, {diff.AlertsChanged.Count} changed";
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogError(e, "what-if {Id} failed", id);
            var message = e is PlanningException ? e.Message : $"{e.GetType().Name}: {e.Message}";
            await using var fresh = await db.OpenConnectionAsync(CancellationToken.None);
            await FinishAsync(fresh, id, RunStatus.Failed, baseRun, stages, null, message, CancellationToken.None);
            return $"what-if {id} failed: {message}";
        }
    }

    /// <summary>The published run's side of the diff; with nothing published, an empty one.</summary>
    private static async Task<BaseRun> BaseAsync(NpgsqlConnection conn, PlanningSnapshot snap, int nowHour, CancellationToken ct)
    {
        var row = await conn.QuerySingleOrDefaultAsync<(long Id, long? Delayed, long? Late)?>(new CommandDefinition(WhatIfSql.BaseRun,
            new { campaign = snap.Campaign.Code }, cancellationToken: ct));
        if (row is not { } r) return new BaseRun(null, [], [], null, null);
        var loads = (await conn.QueryAsync<NodeLoadRow>(new CommandDefinition(WhatIfSql.BaseLoads, new { run = r.Id }, cancellationToken: ct))).AsList();
        // In force: what GET /v1/alerts lists now (an alert whose end has passed has left it).
        return new BaseRun(r.Id, [.. snap.PreviousAlerts.Where(a => a.EndHour > nowHour)], loads, r.Delayed, r.Late);
    }

    private static Task FinishAsync(NpgsqlConnection conn, long id, RunStatus status, long? baseRun, List<(string Name, double Seconds)> stages, WhatIfDiff? diff, string? error, CancellationToken ct) =>
        conn.ExecuteAsync(new CommandDefinition(WhatIfSql.Finish, new
        {
            id, status, baseRun, error,
            stages = JsonSerializer.Serialize(stages.Select(s => new { name = s.Name, seconds = s.Seconds })),
            diff = diff is null ? null : JsonSerializer.Serialize(diff, Json),
        }, cancellationToken: ct));
}
