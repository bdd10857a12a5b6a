using System.Diagnostics;
using System.Globalization;
using Logistics.Server.Capacity;
using Logistics.Server.Cli;
using Logistics.Server.Ingest;
using Logistics.Server.Uploads;

namespace Logistics.Benchmarks;

/// <summary>The in-process half of the capacity intake: CSV reading, full line checks, then the receive path into staging without HTTP.</summary>
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
            await using var bench = await BenchDatabase.StartAsync();
            await CapacityBenchmark.LoadNetworkAsync(bench.Database.DataSource);
            long carrier;
            CapacityNetwork network;
            await using (var conn = await bench.Database.DataSource.OpenConnectionAsync())
            {
                await using (var find = new Npgsql.NpgsqlCommand("SELECT id FROM carriers WHERE code = 'BENCH'", conn))
                    carrier = (long)(await find.ExecuteScalarAsync())!;
                await using var tx = await conn.BeginTransactionAsync();
                network = await CapacityNetwork.LoadAsync(conn, tx, carrier, CancellationToken.None);
            }

            var clock = Stopwatch.StartNew();
            var csv = new Utf8CsvReader(File.OpenRead(file));
            long n = 0;
            while (csv.TryRead()) n++;
            var read = clock.Elapsed.TotalSeconds;

            clock.Restart();
            var parser = new CapacityParser(new CapacityOptions(), new CapacityErrors(1000), network);
            await using (var body = File.OpenRead(file))
                await parser.ParseAsync(body, json: false, _ => { }, CancellationToken.None);
            var parse = clock.Elapsed.TotalSeconds;

            // The same, each hour held, sorted and encoded as binary COPY, to no server.
            clock.Restart();
            var writer = new StagingWriter(() => Stream.Null);
            await using (var body = File.OpenRead(file))
                await new CapacityParser(new CapacityOptions(), new CapacityErrors(1000), network).ParseAsync(body, json: false, l => writer.Add(l), CancellationToken.None);
            if (writer.Held) writer.WriteHeld(Stream.Null); else writer.Complete();
            var encode = clock.Elapsed.TotalSeconds;

            // The receive path without HTTP: each line checked, resolved and binary-COPYed into staging.
            clock.Restart();
            UploadStatus staged;
            await using (var body = File.OpenRead(file))
                staged = (await UploadIntake.ForCommandLine(bench.Database.DataSource).ReceiveAsync(UploadKind.Capacity,
                    new UploadSubmission(UploadSubmission.CommandLine, null, carrier, null, "text/csv", null), body, null, CancellationToken.None)).Upload;
            var copyTime = clock.Elapsed.TotalSeconds;
            if (staged.Status != "queued") throw new InvalidOperationException($"the staged upload is {staged.Status}");
            stdout.WriteLine($"""
                | step | rows | seconds | rows/s |
                |---|---:|---:|---:|
                | CSV reading (bytes: UTF-8 check, RFC 4180 split) | {n - 1:N0} | {read:F2} | {(n - 1) / read:N0} |
                | reading, checking and resolving every line | {parser.Rows:N0} | {parse:F2} | {parser.Rows / parse:N0} |
                | the same, sorted and encoded as binary COPY (to no server) | {writer.Hours:N0} | {encode:F2} | {writer.Hours / encode:N0} |
                | the same, resolved and binary-COPYed into staging (the receive path, no HTTP) | {staged.RowsTotal:N0} | {copyTime:F2} | {staged.RowsTotal / copyTime:N0} |
                """);
        }
        finally { File.Delete(file); }
    }
}
