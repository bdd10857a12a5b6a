using System.Diagnostics;
using System.Globalization;
using Logistics.Server.Capacity;
using Logistics.Server.Cli;
using Logistics.Server.Ingest;

namespace Logistics.Benchmarks;

/// <summary>The in-process half of the capacity load alone: CSV reading, then full line checks, without a database.</summary>
internal static class ParseBenchmark
{
    public static async Task RunAsync(Args args, TextWriter stdout)
    {
        var rows = int.Parse(args.Option("rows") ?? "1000000", CultureInfo.InvariantCulture);
        args.RejectUnknown();
        var file = Path.Combine(Path.GetTempPath(), $"capacity-parse-{Environment.ProcessId}.csv");
        try
        {
            await CapacityBenchmark.GenerateAsync(file, rows);
            var clock = Stopwatch.StartNew();
            var csv = new CsvReader(new Utf8LineReader(File.OpenRead(file)));
            var fields = new List<string>();
            long n = 0;
            while (csv.TryRead(fields)) n++;
            var read = clock.Elapsed.TotalSeconds;

            clock.Restart();
            var parser = new CapacityParser(new CapacityOptions(), new CapacityErrors(1000));
            await using (var body = File.OpenRead(file))
                await parser.ParseAsync(body, json: false, _ => ValueTask.CompletedTask, CancellationToken.None);
            var parse = clock.Elapsed.TotalSeconds;

            // The same with each row written to a binary COPY, as the load does.
            await using var bench = await BenchDatabase.StartAsync();
            await using var conn = await bench.Database.DataSource.OpenConnectionAsync();
            await using var tx = await conn.BeginTransactionAsync();
            await using (var create = new Npgsql.NpgsqlCommand(CapacitySql.CreateStaging, conn, tx)) await create.ExecuteNonQueryAsync();
            var stored = await CapacitySubmissions.StoreAsync(bench.Database.DataSource, new CapacitySubmission("cli", null, null, null, "text/csv", null),
                File.OpenRead(file), long.MaxValue, null, CancellationToken.None);
            clock.Restart();
            var copied = new CapacityParser(new CapacityOptions(), new CapacityErrors(1000));
            await using (var body = UploadBodies.Open(bench.Database.DataSource, stored.Upload.Id))
            await using (var copy = await conn.BeginBinaryImportAsync(CapacitySql.CopyStaging))
            {
                await copied.ParseAsync(body, json: false, row =>
                {
                    CapacityLoader.WriteRow(copy, row);
                    return ValueTask.CompletedTask;
                }, CancellationToken.None);
                await copy.CompleteAsync();
            }
            var copyTime = clock.Elapsed.TotalSeconds;
            stdout.WriteLine($"""
                | step | rows | seconds | rows/s |
                |---|---:|---:|---:|
                | CSV reading (UTF-8 check, RFC 4180 split) | {n - 1:N0} | {read:F2} | {(n - 1) / read:N0} |
                | reading and checking every line | {parser.Rows:N0} | {parse:F2} | {parser.Rows / parse:N0} |
                | the same from the stored body, each row into a binary COPY | {copied.Rows:N0} | {copyTime:F2} | {copied.Rows / copyTime:N0} |
                """);
        }
        finally { File.Delete(file); }
    }
}
