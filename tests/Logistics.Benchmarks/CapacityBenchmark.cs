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
/// The full capacity accept path (HTTP body streamed, parsed, checked and binary-COPYed into staging;
/// Hangfire job: network re-check, merge into its own history partition) against a raw COPY of the same CSV into an unindexed table,
/// on the same database in the same run, each measured twice (a fresh process's first run also
/// compiles its path; the second is the steady state). The server runs in this process, so VmHWM is its peak.
/// </summary>
internal static class CapacityBenchmark
{
    private const int Hubs = 250, Warehouses = 250;

    public static async Task RunAsync(Args args, TextWriter stdout)
    {
        var rows = int.Parse(args.Option("rows") ?? "1000000", CultureInfo.InvariantCulture);
        args.RejectUnknown();

        await using var bench = await BenchDatabase.StartAsync();
        var db = bench.Database.DataSource;
        var file = Path.Combine(Path.GetTempPath(), $"capacity-{Environment.ProcessId}.csv");
        try
        {
            await LoadNetworkAsync(db);
            string key;
            await using (var conn = await db.OpenConnectionAsync()) key = await ApiKeyStore.CreateAsync(conn, "carrier", "BENCH", false, CancellationToken.None);
            var bytes = await GenerateAsync(file, rows);
            stdout.WriteLine($"generated {rows:N0} rows ({bytes / 1024.0 / 1024.0:F1} MiB) in {file}");

            // The loader logs its phases at debug level: where the time goes.
            var app = ServerApp.Build(bench.Database, "http://127.0.0.1:0", "all", ["--Logging:LogLevel:Logistics.Server.Capacity=Debug"]);
            await app.StartAsync();
            (double Seconds, string Status) cold, warm;
            try
            {
                // The same file twice, two uploads: a fresh process's first one also compiles its
                // whole path (HTTP, parsing, COPY, the merge's queries), which a running server does
                // once. The second is the throughput the goal is about; the first is printed too.
                var address = BenchServer.Address(app);
                cold = await BenchUpload.UploadAsync(address, key, "/v1/capacity/uploads", file);
                warm = await BenchUpload.UploadAsync(address, key, "/v1/capacity/uploads", file);
            }
            finally { await app.StopAsync(); await app.DisposeAsync(); }
            var peakMb = PeakMemory.Megabytes();
            if (cold.Status != "accepted" || warm.Status != "accepted") throw new InvalidOperationException($"the uploads were {cold.Status} and {warm.Status}");

            // The reference the same way: a first COPY in this process, then a second into a table of its own.
            const string RawShape = "(node text, kind text, start timestamptz, hours integer, parcels integer)";
            var copyCold = await BenchUpload.RawCopyAsync(db, $"CREATE TABLE raw_capacity {RawShape}", "raw_capacity", file);
            var copy = await BenchUpload.RawCopyAsync(db, $"CREATE TABLE raw_capacity_again {RawShape}", "raw_capacity_again", file);
            var upload = warm.Seconds;
            var table = $"""
                | path | rows | seconds | rows/s |
                |---|---:|---:|---:|
                | HTTP upload → accepted (parse, checks, binary COPY, index build, attach), second upload | {rows:N0} | {upload:F2} | {rows / upload:N0} |
                | raw `COPY … FROM STDIN (FORMAT csv)` into an unindexed table, second COPY | {rows:N0} | {copy:F2} | {rows / copy:N0} |
                | HTTP upload → accepted, the process's first | {rows:N0} | {cold.Seconds:F2} | {rows / cold.Seconds:N0} |
                | raw COPY, the process's first | {rows:N0} | {copyCold:F2} | {rows / copyCold:N0} |

                ratio (accept path / raw COPY): {copy / upload:F2}x (goal >= 0.5x); first of each: {copyCold / cold.Seconds:F2}x
                server peak memory (VmHWM, whole process): {peakMb:N0} MB (goal < 500 MB)
                """;
            stdout.WriteLine(table);
            Scoreboard.Add(new Score("capacity", $"{rows:N0} rows through HTTP to accepted (second upload; the process's first in brackets)",
                $"{rows / upload:N0} rows/s ({rows / cold.Seconds:N0})", $"raw COPY {rows / copy:N0} rows/s ({rows / copyCold:N0})",
                $"{Scoreboard.Ratio(copy / upload)} ({Scoreboard.Ratio(copyCold / cold.Seconds)})", "≥ 0.5×", copy / upload >= 0.5));
            Scoreboard.Add(new Score("capacity", "server peak memory while ingesting", $"{peakMb:N0} MB", "", "", "< 500 MB", peakMb < 500));
        }
        finally { File.Delete(file); }
    }

    internal static async Task LoadNetworkAsync(NpgsqlDataSource db)
    {
        var sb = new StringBuilder("kind,code,name,parent,region\ncarrier,BENCH,Bench Express,,\n");
        for (var i = 0; i < Hubs; i++) sb.Append(CultureInfo.InvariantCulture, $"hub,BH-{i},Hub {i},BENCH,\n");
        for (var i = 0; i < Warehouses; i++) sb.Append(CultureInfo.InvariantCulture, $"warehouse,BW-{i},Warehouse {i},,\nlane,BW-{i}>BH-{i},,BENCH,\n");
        var result = (await UploadIntake.ForCommandLine(db).ReceiveAsync(UploadKind.Network, new UploadSubmission(UploadSubmission.CommandLine, null, null, null, "text/csv", null), new MemoryStream(Encoding.UTF8.GetBytes(sb.ToString())), null, CancellationToken.None));
        if (result.Upload.Status != "accepted") throw new InvalidOperationException("the benchmark network was rejected");
    }

    // Half sort rows at hubs, half pickup rows at warehouses, every node one row per hour.
    internal static async Task<long> GenerateAsync(string path, int rows)
    {
        var start = new DateTimeOffset(2026, 10, 1, 0, 0, 0, TimeSpan.FromHours(8));
        var random = new Random(11);
        await using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20) { NewLine = "\n" };
        await writer.WriteLineAsync("node,kind,start,hours,parcels");
        for (var i = 0; i < rows; i++)
        {
            var n = i % (Hubs + Warehouses);
            var hour = start.AddHours(i / (Hubs + Warehouses));
            var (node, kind) = n < Hubs ? ($"BH-{n}", "sort") : ($"BW-{n - Hubs}", "pickup");
            writer.Write(node); writer.Write(','); writer.Write(kind); writer.Write(',');
            writer.Write(hour.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture));
            writer.Write(",1,");
            writer.Write(random.Next(100, 20000).ToString(CultureInfo.InvariantCulture));
            writer.Write('\n');
        }
        await writer.FlushAsync();
        return writer.BaseStream.Length;
    }
}
