using Logistics.Server.Infrastructure;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Dapper;
using Logistics.Domain.Alerts;
using Logistics.Domain.Capacity;
using Logistics.Domain.Forecasting;
using Logistics.Domain.Planning;
using Logistics.Server.Publication;
using Logistics.Server.Storage;
using Npgsql;

namespace Logistics.Server.Planning;

/// <summary>What one run did.</summary>
internal sealed record PlanningSummary(
    long RunId, string Campaign, RunStatus State, IReadOnlyList<(string Name, double Seconds)> Stages,
    IReadOnlyDictionary<string, long> Counts, PlanResult? Plan, IReadOnlyList<Alert> Alerts, PublishResult? Published, string? Error)
{
    /// <summary>The status as plan_runs records it and the CLI and the job's result print it.</summary>
    public string Status => RunStatuses.Name(State);
}

/// <summary>
/// One planning run of one campaign: snapshot → forecast → shave → alerts → publish, each stage
/// timed and recorded in plan_runs. Never two at once for a campaign (a session advisory lock; a
/// second start is recorded as skipped), and a run whose inputs equal the last published run's
/// publishes nothing (status unchanged). A failure publishes nothing and leaves the previous run in force.
/// </summary>
/// <param name="clock">The clock alerts end by (<see cref="Infrastructure.ServiceClock"/>).</param>
internal sealed class PlanningRun(NpgsqlDataSource db, TimeProvider clock, ILogger<PlanningRun> log)
{
    /// <param name="force">Plan and publish even when the inputs equal the last published run's (the demo, run again).</param>
    public async Task<PlanningSummary> RunAsync(string campaign, string trigger, string? node, IProgress<string>? progress, CancellationToken ct, bool force = false)
    {
        await using var guard = await db.OpenConnectionAsync(ct);
        var campaignId = await guard.ExecuteScalarAsync<long?>(new CommandDefinition("SELECT id FROM campaigns WHERE code = @campaign", new { campaign }, cancellationToken: ct))
            ?? throw new PlanningException($"no campaign '{campaign}'");
        var locked = await guard.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT pg_try_advisory_lock(hashtextextended(@key, 0))", new { key = $"plan:{campaignId}" }, cancellationToken: ct));
        if (!locked)
        {
            var skipped = await guard.ExecuteScalarAsync<long>(new CommandDefinition($"""
                INSERT INTO plan_runs (campaign_id, status, trigger, node, finished_at, error)
                VALUES (@campaignId, '{RunStatuses.Skipped}', @trigger, @node, now(), 'another run of this campaign was in progress')
                RETURNING id
                """, new { campaignId, trigger, node }, cancellationToken: ct));
            return new PlanningSummary(skipped, campaign, RunStatus.Skipped, [], new Dictionary<string, long>(), null, [], null, "another run of this campaign was in progress");
        }
        // Holding the lock, no other run of the campaign is going: a row still running is a run
        // whose node died mid-way (its job is being run again, this may be it).
        await guard.ExecuteAsync(new CommandDefinition($"""
            UPDATE plan_runs SET status = '{RunStatuses.Failed}', finished_at = clock_timestamp(), error = '{AbandonedReason}'
            WHERE campaign_id = @campaignId AND status = '{RunStatuses.Running}'
            """, new { campaignId }, cancellationToken: ct));
        try { return await RunLockedAsync(campaignId, campaign, trigger, node, progress, force, ct); }
        finally
        {
            await guard.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_unlock(hashtextextended(@key, 0))", new { key = $"plan:{campaignId}" }, cancellationToken: CancellationToken.None));
        }
    }

    public const string AbandonedReason = "abandoned: the node running it stopped before it finished";

    /// <summary>
    /// Marks failed every run left running by a node that is gone, whatever its campaign: a live
    /// run holds its campaign's session lock (plan:ID) for as long as it runs, and a dead node's
    /// session, with its locks, ends with it. Run on start and by <see cref="AbandonedRunsSweep"/>.
    /// </summary>
    /// <returns>how many runs were marked failed.</returns>
    public static Task<int> FailAbandonedAsync(NpgsqlConnection conn, CancellationToken ct) =>
        conn.ExecuteAsync(new CommandDefinition($"""
            UPDATE plan_runs r SET status = '{RunStatuses.Failed}', finished_at = clock_timestamp(), error = '{AbandonedReason}'
            WHERE r.status = '{RunStatuses.Running}'
              AND NOT EXISTS (
                SELECT 1 FROM pg_locks l
                WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
                  AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
                  AND ((l.classid::bigint << 32) | l.objid::bigint) = hashtextextended('plan:' || r.campaign_id, 0))
            """, cancellationToken: ct));

    private async Task<PlanningSummary> RunLockedAsync(long campaignId, string campaign, string trigger, string? node, IProgress<string>? progress, bool force, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var runId = await conn.ExecuteScalarAsync<long>(new CommandDefinition(
            $"INSERT INTO plan_runs (campaign_id, status, trigger, node) VALUES (@campaignId, '{RunStatuses.Running}', @trigger, @node) RETURNING id",
            new { campaignId, trigger, node }, cancellationToken: ct));
        var stages = new List<(string Name, double Seconds)>();
        var counts = new Dictionary<string, long>();
        var watch = Stopwatch.StartNew();
        void Stage(string name)
        {
            stages.Add((name, Math.Round(watch.Elapsed.TotalSeconds, 3)));
            progress?.Report($"{name}: {watch.Elapsed.TotalSeconds:0.0} s");
            watch.Restart();
        }
        PlanResult? plan = null;
        IReadOnlyList<Alert> alerts = [];
        try
        {
            progress?.Report("reading the snapshot");
            PlanningSnapshot snap;
            ForecastColumns? input;
            (snap, input) = await SnapshotReader.ReadAsync(db, campaign, ct, progress);
            // Off the read's stack before going on. This continuation runs inline under the read's
            // completion, and the read's state machine, whose tasks hold every demand table, is
            // cleared only when that completion returns: when the next await here completed at
            // once, the forecast and the plan ran under it and 1.7 GB of columns stayed alive
            // (national peak 5.1 GB instead of 3.6 GB, about one run in four).
            await Task.Yield();
            counts["signal_rows"] = input.Signals.Rows;
            counts["past_campaigns"] = input.Past.Count;
            counts["capacity_series"] = snap.Capacities.Count;
            counts["merchants"] = snap.Network.Merchants.Count;
            Stage("snapshot");

            var lastHash = await conn.ExecuteScalarAsync<string?>(new CommandDefinition(
                $"SELECT input_hash FROM plan_runs WHERE campaign_id = @campaignId AND status = '{RunStatuses.Published}' ORDER BY id DESC LIMIT 1", new { campaignId }, cancellationToken: ct));
            // Unchanged inputs publish nothing, unless an alert in force has ended since: the feed must say so.
            if (!force && lastHash == snap.InputHash && !snap.PreviousAlerts.Any(a => a.EndHour <= NowHour(snap.Campaign, clock.GetUtcNow())))
                return await FinishAsync(conn, runId, campaign, RunStatus.Unchanged, snap.InputHash, stages, counts, null, [], null, null, ct);

            progress?.Report("forecasting");
            var part = Stopwatch.StartNew();
            void Part(string what)
            {
                progress?.Report(string.Create(CultureInfo.InvariantCulture, $"forecast: {what} in {part.Elapsed.TotalSeconds:0.00} s"));
                part.Restart();
            }
            // The demand columns are the largest thing a run holds: handed over, each table is let go once the model has read it.
            SignalForecast? forecast = SignalForecaster.Forecast(ref input);
            Part("fitted and predicted by day");
            MemoryReturn.Now(); // the columns and the model, gone now
            Part("memory returned");
            var demand = HandOff(snap, forecast);
            forecast = null;
            Part("split into hours and summed for the planner");
            MemoryReturn.Now();
            Part("memory returned");
            var hours = snap.Campaign.HorizonHours;
            counts["forecast_rows"] = demand.Rows;
            counts["forecast_parcels"] = (long)Math.Round(demand.ParcelsP50);
            Stage("forecast");

            progress?.Report("shaving the peak");
            plan = PeakShavingPlanner.Plan(demand, snap.Network, snap.Capacities, snap.Campaign.ShipWithinHours,
                stage: (name, took) => progress?.Report(string.Create(CultureInfo.InvariantCulture, $"plan: {name} in {took.TotalSeconds:0.00} s")));
            counts["planned_parcels"] = plan.TotalParcels - plan.UnplannedParcels;
            counts["late_parcels"] = plan.LateParcels;
            // Kept for what-ifs to compare against (parcels held past their release).
            counts["delayed_parcels"] = plan.Merchants.Sum(m => m.DelayedParcels);
            counts["unplanned_parcels"] = plan.UnplannedParcels;
            counts["windows"] = plan.Windows.Count;
            var returned = Stopwatch.StartNew();
            MemoryReturn.Now();
            progress?.Report(string.Create(CultureInfo.InvariantCulture, $"plan: memory returned in {returned.Elapsed.TotalSeconds:0.00} s"));
            Stage("plan");

            progress?.Report("deriving alerts");
            var now = clock.GetUtcNow();
            var evaluated = AlertEngine.Evaluate(new AlertInput(hours, plan.Loads, snap.Network, snap.PreviousAlerts, null, $"{campaign}/",
                NowHour(snap.Campaign, now)));
            alerts = evaluated.InForce;
            counts["alerts"] = alerts.Count;
            foreach (var level in AlertLevels.Published)
                counts[$"alerts_{AlertLevels.Name(level)}"] = alerts.Count(a => a.Level == level);
            Stage("alerts");

            progress?.Report("publishing");
            var steps = new StepClock(progress, conn.ProcessID);
            var publication = PublicationMapper.Map(snap, runId, plan, demand, alerts,
                evaluated.Events.Where(e => e.Kind == AlertEventKind.Ended).Select(e => e.Alert.Id).ToHashSet(StringComparer.Ordinal),
                evaluated.Events.Where(e => e.MergedInto is not null).ToDictionary(e => e.Alert.Id, e => e.MergedInto!, StringComparer.Ordinal));
            steps.Step("mapping");
            PublishResult published;
            await using (var tx = await conn.BeginTransactionAsync(ct))
            {
                // Published at the real time (retention and pollers read it); alerts end by the run's clock.
                published = await Publisher.PublishAsync(conn, tx, publication, TimeProvider.System.GetUtcNow(), ct, steps);
                await NodeLoadStore.WriteAsync(conn, runId, plan.Loads, ct);
                steps.Step("node loads");
                await LaneLoadStore.WriteAsync(conn, runId, plan.Lanes, ct);
                steps.Step("lane loads");
                counts["events"] = published.Created + published.Updated + published.Cleared;
                stages.Add(("publish", Math.Round(watch.Elapsed.TotalSeconds, 3)));
                await UpdateRunAsync(conn, tx, runId, RunStatus.Published, snap.InputHash, stages, counts, null, ct);
                await tx.CommitAsync(ct);
                steps.Step("commit");
            }
            return new PlanningSummary(runId, campaign, RunStatus.Published, stages, counts, plan, alerts, published, null);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogError(e, "planning run {Run} of {Campaign} failed", runId, campaign);
            var message = e is PlanningException ? e.Message : $"{e.GetType().Name}: {e.Message}";
            await using var fresh = await db.OpenConnectionAsync(CancellationToken.None);
            await UpdateRunAsync(fresh, null, runId, RunStatus.Failed, null, stages, counts, message, CancellationToken.None);
            return new PlanningSummary(runId, campaign, RunStatus.Failed, stages, counts, plan, alerts, null, message);
        }
    }

    /// <summary>The horizon hour now: alerts whose end is not after it have ended.</summary>
    internal static int NowHour(Logistics.Domain.Campaigns.Campaign campaign, DateTimeOffset now) =>
        (int)Math.Floor(Math.Clamp((now - campaign.HorizonStartUtc).TotalHours, -1e6, 1e6));

    /// <summary>The forecast's hourly rows streamed a merchant-warehouse at a time into the planner's compact hand-off, never into a list.</summary>
    internal static HandoverDemand HandOff(PlanningSnapshot snap, SignalForecast forecast)
    {
        var builder = new HandoverDemandBuilder(snap.Campaign.HorizonHours, snap.Network, PlannerSettings.Default.PickupLagHours,
            HandoverDemandBuilder.BulkyLines(snap.Capacities));
        builder.AddPairs(forecast.Pairs);
        return builder.Build();
    }

    private static async Task<PlanningSummary> FinishAsync(NpgsqlConnection conn, long runId, string campaign, RunStatus status, string? hash,
        List<(string, double)> stages, Dictionary<string, long> counts, PlanResult? plan, IReadOnlyList<Alert> alerts, PublishResult? published, string? error, CancellationToken ct)
    {
        await UpdateRunAsync(conn, null, runId, status, hash, stages, counts, error, ct);
        return new PlanningSummary(runId, campaign, status, stages, counts, plan, alerts, published, error);
    }

    private static Task UpdateRunAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, long runId, RunStatus status, string? hash,
        List<(string Name, double Seconds)> stages, Dictionary<string, long> counts, string? error, CancellationToken ct) =>
        conn.ExecuteAsync(new CommandDefinition("""
            UPDATE plan_runs SET status = @status, finished_at = clock_timestamp(), input_hash = coalesce(@hash, input_hash),
                   stages = @stages::jsonb, counts = @counts::jsonb, error = @error
            WHERE id = @runId
            """, new
        {
            runId, status, hash, error,
            stages = JsonSerializer.Serialize(stages.Select(s => new { name = s.Name, seconds = s.Seconds })),
            counts = JsonSerializer.Serialize(counts),
        }, tx, cancellationToken: ct));
}
