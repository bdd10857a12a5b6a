using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Logistics.Server;
using Logistics.Server.Auth;
using Logistics.Server.Cli;
using Logistics.Server.Uploads;
using Npgsql;

namespace Logistics.Benchmarks;

/// <summary>
/// Signals through the whole accept path (HTTP, staging by binary COPY, set-based checks, merge into
/// the campaign's partition) against a raw COPY of the same file into an unindexed table.
/// </summary>
internal static class SignalsBenchmark
{
    private const int Merchants = 20_000, Warehouses = 100, Regions = 10, Categories = 5;

    public static async Task RunAsync(Args args, TextWriter stdout)
    {
        var rows = int.Parse(args.Option("rows") ?? "10000000", CultureInfo.InvariantCulture);
        args.RejectUnknown();
        await using var bench = await BenchDatabase.StartAsync();
        var db = bench.Database.DataSource;
        var file = Path.Combine(Path.GetTempPath(), $"signals-{Environment.ProcessId}.csv");
        try
        {
            await LoadNetworkAsync(db);
            string key;
            await using (var conn = await db.OpenConnectionAsync()) key = await ApiKeyStore.CreateAsync(conn, "ops", null, false, CancellationToken.None);
            var bytes = await GenerateAsync(file, rows);
            stdout.WriteLine($"generated {rows:N0} signal rows ({bytes / 1024.0 / 1024.0:F1} MiB)");

            var app = ServerApp.Build(bench.Database, "http://127.0.0.1:0", "all");
            await app.StartAsync();
            double upload;
            try
            {
                var address = BenchServer.Address(app);
                var (seconds, status) = await BenchUpload.UploadAsync(address, key, "/v1/signals/uploads", file);
                if (status != "accepted") throw new InvalidOperationException($"the upload was {status}");
                upload = seconds;
            }
            finally { await app.StopAsync(); await app.DisposeAsync(); }
            var peakMb = PeakMemory.Megabytes();

            var copy = await BenchUpload.RawCopyAsync(db, """
                CREATE TABLE raw_signals (campaign text, merchant text, warehouse text, region text, category text, date date,
                                          page_views bigint, carts bigint, favorites bigint, deposits bigint, presale_orders bigint)
                """, "raw_signals", file);
            stdout.WriteLine($"""
                | path | rows | seconds | rows/s |
                |---|---:|---:|---:|
                | HTTP upload → accepted (stream, binary COPY to staging, checks, merge into the partition) | {rows:N0} | {upload:F2} | {rows / upload:N0} |
                | raw `COPY … FROM STDIN (FORMAT csv)` into an unindexed table | {rows:N0} | {copy:F2} | {rows / copy:N0} |

                ratio (accept path / raw COPY): {copy / upload:F2}x (goal >= 0.5x)
                server peak memory (VmHWM, whole process, before the raw COPY): {peakMb:N0} MB
                """);
            Scoreboard.Add(new Score("signals", $"{rows:N0} rows through HTTP to accepted", $"{rows / upload:N0} rows/s",
                $"raw COPY {rows / copy:N0} rows/s", Scoreboard.Ratio(copy / upload), "≥ 0.5× (at 10M rows)", copy / upload >= 0.5 && rows >= 10_000_000));
            Scoreboard.Add(new Score("signals", "server peak memory while ingesting", $"{peakMb:N0} MB", "", "", "bounded (streams)", peakMb < 1000));
        }
        finally { File.Delete(file); }
    }

    internal static async Task LoadNetworkAsync(NpgsqlDataSource db)
    {
        var sb = new StringBuilder("kind,code,name,parent,region\n");
        for (var r = 0; r < Regions; r++) sb.Append(CultureInfo.InvariantCulture, $"region,R{r},Region {r},,\n");
        for (var w = 0; w < Warehouses; w++) sb.Append(CultureInfo.InvariantCulture, $"warehouse,W{w},Warehouse {w},,R{w % Regions}\n");
        for (var m = 0; m < Merchants; m++) sb.Append(CultureInfo.InvariantCulture, $"merchant,M{m},Merchant {m},,\nmerchant_warehouse,M{m}>W{m % Warehouses},,,\n");
        foreach (var (kind, csv) in new[] { (UploadKind.Network, sb.ToString()), (UploadKind.Campaigns, "code,name,time_zone,sale_days,horizon_start,horizon_end,ship_within_hours\nD11-2026,Double 11,Asia/Shanghai,2026-11-11,2026-11-01,2026-11-14,72\n") })
        {
            var result = (await UploadIntake.ForCommandLine(db).ReceiveAsync(kind, new UploadSubmission(UploadSubmission.CommandLine, null, null, null, "text/csv", null), new MemoryStream(Encoding.UTF8.GetBytes(csv)), null, CancellationToken.None));
            if (result.Upload.Status != "accepted") throw new InvalidOperationException($"the benchmark {UploadKinds.Name(kind)} was rejected");
        }
    }

    // Every (merchant, region, category) for a day, then the next day: unique keys, realistic width.
    internal static async Task<long> GenerateAsync(string path, int rows)
    {
        var random = new Random(11);
        var perDay = Merchants * Regions * Categories;
        await using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20) { NewLine = "\n" };
        await writer.WriteLineAsync("campaign,merchant,warehouse,region,category,date,page_views,carts,favorites,deposits,presale_orders");
        for (var i = 0; i < rows; i++)
        {
            var m = i % Merchants;
            var r = i / Merchants % Regions;
            var c = i / (Merchants * Regions) % Categories;
            var day = new DateOnly(2026, 10, 31).AddDays(-(i / perDay));
            var carts = random.Next(0, 500);
            writer.Write(string.Create(CultureInfo.InvariantCulture,
                $"D11-2026,M{m},W{m % Warehouses},R{r},cat{c},{day:yyyy-MM-dd},{carts * 12},{carts},{carts / 2},{(carts % 7 == 0 ? "" : (carts / 9).ToString(CultureInfo.InvariantCulture))},{carts / 20}\n"));
        }
        await writer.FlushAsync();
        return writer.BaseStream.Length;
    }
}
