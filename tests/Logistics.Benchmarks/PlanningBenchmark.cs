using System.Diagnostics;
using System.Globalization;
using Logistics.Scenarios;
using Logistics.Server.Cli;
using Logistics.Server.Planning;
using Microsoft.Extensions.Logging.Abstractions;

namespace Logistics.Benchmarks;

/// <summary>
/// One full planning run (snapshot → forecast → plan → alerts → published) of a generated scenario,
/// national by default, against the time to just read its snapshot, measured in the same process
/// right before. Peak memory is this process's VmHWM over the run alone (reset after loading; the
/// PostgreSQL server is another process).
/// </summary>
internal static class PlanningBenchmark
{
    public static async Task RunAsync(Args args, TextWriter stdout)
    {
        var scale = BenchOptions.Scale(args);
        var seed = BenchOptions.Seed(args);
        args.RejectUnknown();

        await using var bench = await BenchDatabase.StartAsync();
        var db = bench.Database.DataSource;
        string campaign;
        DateTimeOffset asOf;
        var watch = Stopwatch.StartNew();
        {
            var scenario = ScenarioGenerator.Generate(scale, seed);
            campaign = scenario.Current.Code;
            // Planned the day after its as-of date, as in the pre-sale weeks: its alerts are all ahead.
            asOf = scenario.Current.LocalMidnightUtc(scenario.AsOf.AddDays(1));
            var (capacity, signals, outcomes) = await ScenarioLoader.LoadAsync(db, scenario);
            stdout.WriteLine($"scenario (seed {seed}): {scale.Merchants:N0} merchants, {scale.Warehouses:N0} warehouses, {scenario.Network.Hubs.Count:N0} hubs, " +
                             $"{scenario.Current.HorizonHours} h{(scenario.HasAppliances ? ", with appliance sellers and bulky lines" : "")}; loaded {capacity:N0} capacity hours, {signals:N0} signal rows, {outcomes:N0} outcome rows ({watch.Elapsed.TotalSeconds:0} s)");
        }

        await PrintPlansAsync(db, stdout);
        Settle();
        watch.Restart();
        // The reference is the run's own first stage alone: the same reader, the same rows into the
        // same compact columns (binary COPY, digest included), no forecast.
        var snapshot = await SnapshotReader.ReadAsync(db, campaign, CancellationToken.None, new Lines(stdout));
        var read = watch.Elapsed.TotalSeconds;
        // Off the read's stack, as the run does (see PlanningRun): until its completion returns, the
        // read's state machine holds every table, and Settle below could not let them go.
        await Task.Yield();
        var readPeak = PeakBytes();
        var demand = snapshot.Demand;
        stdout.WriteLine($"snapshot read alone: {read:F2} s, peak {readPeak / 1e6:N0} MB ({demand.Signals.Rows:N0} current signal rows, " +
                         $"{demand.Past.Sum(p => p.Signals.Rows):N0} past signal rows, {demand.Past.Sum(p => p.Outcomes.Rows):N0} past outcome rows)");
        snapshot = null;
        demand = null;

        Settle();
        var run = new PlanningRun(db, Logistics.Server.Infrastructure.ServiceClock.StartingAt(asOf), NullLogger<PlanningRun>.Instance);
        watch.Restart();
        var lines = new Lines(stdout);
        var summary = await run.RunAsync(campaign, "manual", "bench", lines, CancellationToken.None);
        var whole = watch.Elapsed.TotalSeconds;
        lines.StagePeak();
        var peak = lines.Peak;
        stdout.WriteLine("| stage | seconds |");
        stdout.WriteLine("|---|---:|");
        foreach (var (name, seconds) in summary.Stages) stdout.WriteLine($"| {name} | {seconds:F2} |");
        stdout.WriteLine($"| whole run | {whole:F2} |");
        stdout.WriteLine($"counts: {string.Join(", ", summary.Counts.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key} {c.Value:N0}"))}");
        if (summary.Status != "published") throw new InvalidOperationException($"the run ended {summary.Status}: {summary.Error}");
        await using (var conn = await db.OpenConnectionAsync())
        {
            var rows = await Dapper.SqlMapper.QuerySingleAsync<(long Windows, long Audience, long EventAudience, long Loads)>(conn, """
                SELECT (SELECT count(*) FROM shipment_windows), (SELECT count(*) FROM alert_audience),
                       (SELECT count(*) FROM alert_event_audience), (SELECT count(*) FROM plan_node_loads)
                """);
            stdout.WriteLine($"published rows: {rows.Windows:N0} windows, {rows.Audience:N0} alert audience, {rows.EventAudience:N0} event audience, {rows.Loads:N0} node loads");
        }
        stdout.WriteLine($"whole run {whole:F2} s against the snapshot read {read:F2} s: {whole / read:F2}x (goal ≤ 3x: {(whole <= 3 * read ? "met" : "not met")})");
        stdout.WriteLine($"whole run {whole:F2} s (goal < 120 s: {(whole < 120 ? "met" : "not met")}); peak memory {peak / 1e6:N0} MB (goal < 4,000 MB: {(peak < 4e9 ? "met" : "not met")})");
        // The time and memory goals are stated for the national scenario: a smaller run cannot meet them.
        var national = scale.Merchants >= 100_000;
        var what = $"one planning run, {scale.Merchants:N0} merchants{(scale.Appliances is null ? "" : " with appliance sellers")}";
        Scoreboard.Add(new Score("planning", what + ", against reading its snapshot", $"{whole:F1} s", $"snapshot read {read:F1} s", Scoreboard.Ratio(whole / read), "≤ 3×", whole <= 3 * read));
        Scoreboard.Add(new Score("planning", what + ", wall time", $"{whole:F1} s", "", "", "< 120 s (national)", national && whole < 120));
        Scoreboard.Add(new Score("planning", what + ", peak memory", $"{peak / 1e6:N0} MB", "", "", "< 4,000 MB (national)", national && peak < 4e9));
    }

    /// <summary>
    /// Progress written as it comes (Progress&lt;T&gt; would post it to the thread pool, out of order).
    /// A run's stage starts ("forecasting", …) also print the peak memory since the previous one and
    /// restart the count, so the run's peak can be placed in a stage.
    /// </summary>
    private sealed class Lines(TextWriter stdout) : IProgress<string>
    {
        private static readonly HashSet<string> StageStarts = ["forecasting", "shaving the peak", "deriving alerts", "publishing"];

        /// <summary>The largest stage peak so far.</summary>
        public long Peak { get; private set; }

        public void Report(string value)
        {
            if (StageStarts.Contains(value)) StagePeak();
            stdout.WriteLine(value);
            // The parts of the forecast and the plan report as they end: their own peaks.
            if (value.StartsWith("forecast: ", StringComparison.Ordinal) || value.StartsWith("plan: ", StringComparison.Ordinal))
            {
                var peak = PeakBytes();
                Peak = Math.Max(Peak, peak);
                stdout.WriteLine($"    (peak {peak / 1e6:N0} MB, managed heap {GC.GetTotalMemory(false) / 1e6:N0} MB)");
                RestartPeak();
            }
        }

        /// <summary>Prints the peak since the last restart, keeps the largest, and restarts the count.</summary>
        public void StagePeak()
        {
            var peak = PeakBytes();
            Peak = Math.Max(Peak, peak);
            stdout.WriteLine($"  (peak memory in the stage before: {peak / 1e6:N0} MB; managed heap now {GC.GetTotalMemory(false) / 1e6:N0} MB)");
            RestartPeak();
        }
    }

    /// <summary>How PostgreSQL means to produce each demand stream the snapshot reads (an index scan in key order, or a scan and a sort).</summary>
    private static async Task PrintPlansAsync(Npgsql.NpgsqlDataSource db, TextWriter stdout)
    {
        await using var conn = await db.OpenConnectionAsync();
        var campaigns = await Dapper.SqlMapper.QueryAsync<(long Id, string Code, bool Outcomes)>(conn,
            "SELECT id, code, coalesce((SELECT true FROM demand_outcomes o WHERE o.campaign_id = c.id LIMIT 1), false) FROM campaigns c ORDER BY id");
        foreach (var (id, code, outcomes) in campaigns)
        {
            var queries = new List<(string, string)> { ("signals", DemandReader.SignalsQuery(id)) };
            if (outcomes) queries.Add(("outcomes", DemandReader.OutcomesQuery(id)));
            foreach (var (what, sql) in queries)
            {
                var plan = await Dapper.SqlMapper.QueryAsync<string>(conn, "EXPLAIN " + sql);
                stdout.WriteLine($"plan of {code} {what}: {string.Join(" / ", plan.Select(l => l.Trim()))}");
            }
        }
    }

    /// <summary>Returns freed memory to the system and restarts the peak (VmHWM) count, so the next figure is the next step's alone.</summary>
    private static void Settle()
    {
        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        RestartPeak();
    }

    private static void RestartPeak()
    {
        try { File.WriteAllText("/proc/self/clear_refs", "5"); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    /// <summary>VmHWM of this process in bytes (the whole process's peak where the kernel cannot reset it).</summary>
    private static long PeakBytes()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                return long.Parse(line[6..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
        return Process.GetCurrentProcess().PeakWorkingSet64;
    }
}
