using System.Diagnostics;
using Logistics.Domain.Handling;
using Logistics.Domain.Planning;
using Logistics.Scenarios;
using Logistics.Scenarios.Evaluation;
using Logistics.Server.Auth;
using Logistics.Server.Capacity;
using Logistics.Server.Ingest;
using Logistics.Server.Planning;
using Logistics.Server.Storage;
using Logistics.Server.Uploads;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Logistics.Server.Cli;

/// <summary>
/// `demo`: a generated Double 11, loaded through the same intake paths as real uploads, one
/// planning run, and a summary a person can act on; then the service keeps running (unless --once).
/// </summary>
internal static class DemoCommand
{
    /// <param name="scaleText">small or national (the parser allows no other).</param>
    public static async Task<int> RunAsync(string scaleText, ulong seed, bool once, bool verbose, string? urlsGiven, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        var urls = urlsGiven ?? Environment.GetEnvironmentVariable("LOGISTICS_URLS") ?? ServerApp.DefaultUrl;
        var scale = scaleText == "national" ? ScenarioScale.National : ScenarioScale.Small;

        if (!once) ListenAddresses.EnsureFree(urls);   // not after minutes of loading
        var total = Stopwatch.StartNew();
        await using var db = await CommandLine.OpenMigratedAsync(ct);
        stdout.WriteLine($"Logistics demo: a generated Double 11 ({scaleText}, seed {seed}) on {db.Description}");

        // The next Double 11 that has not ended, so its alerts are still ahead.
        var clock = Infrastructure.ServiceClock.Current;
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var year = today <= new DateOnly(today.Year, 11, 14) ? today.Year : today.Year + 1;
        var scenario = await Step(stdout, "generate the scenario", () => Task.FromResult(ScenarioGenerator.Generate(ScenarioSize.For(scale).WithAppliances(), seed, currentYear: year)),
            s => $"{s.Network.Merchants.Count:N0} merchants (some selling appliances), {s.Network.Warehouses.Count:N0} warehouses, {s.Network.Carriers.Count} carriers × {s.Network.Hubs.Count / Math.Max(1, s.Network.Carriers.Count)} hubs, {s.Network.Regions.Count} regions");
        var dir = Directory.CreateTempSubdirectory("logistics-demo-").FullName;
        try
        {
            var files = await Step(stdout, "write the upload files", () => Task.FromResult(WriteFiles(scenario, dir)), f => $"{f.Count} files in {dir}");
            // The same intake as `import` and the API.
            var intake = UploadIntake.ForCommandLine(db.DataSource);
            async Task<UploadStatus> ImportAsync(UploadKind kind, string path, long? carrierId = null)
            {
                await using var file = File.OpenRead(path);
                return await intake.ImportAsync(kind, UploadSubmission.FromFile(path, carrierId), file, null, ct);
            }
            await Step(stdout, "import campaigns and network", async () =>
            {
                foreach (var kind in new[] { UploadKind.Campaigns, UploadKind.Network })
                    Must(await ImportAsync(kind, files[UploadKinds.Name(kind)]), UploadKinds.Name(kind));
                return 0;
            }, _ => UploadStates.Accepted);
            await Step(stdout, "upload capacity (each carrier, then ops' outbound)", async () =>
            {
                long rows = 0;
                foreach (var (name, path) in files.Where(f => f.Key.StartsWith("capacity", StringComparison.Ordinal)).OrderBy(f => f.Key, StringComparer.Ordinal))
                {
                    long? carrierId = null;
                    var carrier = name["capacity-".Length..];
                    if (carrier != "ops")
                    {
                        await using var conn = await db.DataSource.OpenConnectionAsync(ct);
                        carrierId = await Dapper.SqlMapper.ExecuteScalarAsync<long>(conn, "SELECT id FROM carriers WHERE code = @carrier", new { carrier });
                    }
                    var u = await ImportAsync(UploadKind.Capacity, path, carrierId);
                    Must(u, $"capacity of {carrier}");
                    rows += u.RowsTotal ?? 0;
                }
                return rows;
            }, rows => $"{rows:N0} lines accepted");
            foreach (var kind in new[] { UploadKind.Outcomes, UploadKind.Signals })
            {
                var name = UploadKinds.Name(kind);
                await Step(stdout, $"upload {name}", async () =>
                {
                    var u = await ImportAsync(kind, files[name]);
                    Must(u, name);
                    return u.RowsTotal ?? 0;
                }, rows => $"{rows:N0} rows accepted");
            }

            var run = new PlanningRun(db.DataSource, clock, NullLogger<PlanningRun>.Instance);
            // Run again in the same folder, the inputs are those already published: plan and publish them anyway.
            var summary = await Step(stdout, $"plan {scenario.Current.Code}", () =>
                run.RunAsync(scenario.Current.Code, "manual", "demo", verbose ? new LineProgress(l => stdout.WriteLine($"    {l}")) : null, ct, force: true),
                s => $"run {s.RunId} {s.Status}" + (s.Error is null ? "" : $": {s.Error}"));
            if (summary.Plan is null || summary.State != RunStatus.Published)
                throw new CommandFailedException($"the planning run ended {summary.Status}{(summary.Error is null ? "" : $": {summary.Error}")}");

            DemoSummary.Print(stdout, scenario, summary);
            if (scale == ScenarioScale.Small)
            {
                stdout.WriteLine();
                stdout.WriteLine($"Replayed day by day against what really happens (logistics evaluate --scale small --seed {seed} --appliances):");
                var replay = Replay.Run(scale, seed, currentYear: year, appliances: true);
                stdout.WriteLine(EvaluationText.Headline(replay.Overall));
                stdout.WriteLine(EvaluationText.ClassRows(replay));
                await Evaluation.EvaluationStore.SaveAsync(db.DataSource, replay, ct);
            }
            else stdout.WriteLine($"{Environment.NewLine}Replay it day by day against what really happens: logistics evaluate --scale national --seed {seed} --appliances");
            var merchant = DemoSummary.ShowcaseMerchant(summary.Plan, summary.Alerts)!;
            var seller = DemoSummary.ShowcaseMerchant(summary.Plan, summary.Alerts, HandlingClass.Bulky);
            await using var conn2 = await db.DataSource.OpenConnectionAsync(ct);
            var merchantKey = await ApiKeyStore.CreateAsync(conn2, Roles.Merchant, merchant, false, ct);
            var sellerLine = seller is null || seller == merchant ? ""
                : $"{Environment.NewLine}  appliances  {seller}: {await ApiKeyStore.CreateAsync(conn2, Roles.Merchant, seller, false, ct)}";
            var opsKey = await ApiKeyStore.CreateAsync(conn2, Roles.Ops, null, false, ct);
            var url = urls.Split(';')[0].TrimEnd('/');
            stdout.WriteLine($"""

                Try it (demo took {total.Elapsed.TotalSeconds:0} s):
                  dashboard   {url}/ops                      (log in with the ops key)
                  ops key     {opsKey}
                  merchant    {merchant}: {merchantKey}{sellerLine}
                  curl -H 'Authorization: Bearer {merchantKey}' '{url}/v1/alerts'
                  curl -H 'Authorization: Bearer {merchantKey}' '{url}/v1/alerts/events?limit=5'
                  curl -H 'Authorization: Bearer {merchantKey}' '{url}/v1/shipment-windows?campaign={scenario.Current.Code}'
                """);
        }
        finally { Directory.Delete(dir, recursive: true); }

        if (!once)
            await ServeCommand.HostAsync(db, urls, "all", listening => $"serving on {listening} with the worker on schedule; Ctrl+C stops", stdout, ct);
        return 0;
    }

    private static async Task<T> Step<T>(TextWriter stdout, string name, Func<Task<T>> work, Func<T, string> describe)
    {
        stdout.Write($"  {name} ... ");
        stdout.Flush();
        var watch = Stopwatch.StartNew();
        var result = await work();
        stdout.WriteLine($"{describe(result)} ({watch.Elapsed.TotalSeconds:0.0} s)");
        return result;
    }

    private static void Must(UploadStatus u, string what)
    {
        if (u.State != UploadState.Accepted)
            throw new CommandFailedException($"the generated {what} file was {u.Status}: {string.Join("; ", u.Errors.Take(3))}");
    }

    private static Dictionary<string, string> WriteFiles(Scenario s, string dir)
    {
        var files = new Dictionary<string, string>();
        void Write(string name, Action<TextWriter> write)
        {
            var path = Path.Combine(dir, $"{name}.csv");
            using (var w = new StreamWriter(path)) write(w);
            files[name] = path;
        }
        Write(UploadKinds.Campaigns, w => ScenarioCsv.WriteCampaigns(w, s));
        Write(UploadKinds.Network, w => ScenarioCsv.WriteNetwork(w, s));
        foreach (var carrier in s.Network.Carriers)
            Write($"capacity-{carrier.Code}", w => ScenarioCsv.WriteCapacity(w, s, carrier.Code));
        Write("capacity-ops", w => ScenarioCsv.WriteCapacity(w, s, null));
        Write(UploadKinds.Signals, w => ScenarioCsv.WriteSignals(w, s));
        Write(UploadKinds.Outcomes, w => ScenarioCsv.WriteOutcomes(w, s));
        return files;
    }

    private sealed class LineProgress(Action<string> report) : IProgress<string>
    {
        public void Report(string value) => report(value);
    }
}
