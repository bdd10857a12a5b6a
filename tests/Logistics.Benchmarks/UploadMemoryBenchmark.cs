using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Logistics.Server;
using Logistics.Server.Auth;
using Logistics.Server.Cli;

namespace Logistics.Benchmarks;

/// <summary>
/// The server's resident memory while it takes the largest upload of each kind and the hostile ones
/// of issue 24, one at a time: idle before, peak during (sampled every 20 ms until the verdict), and
/// 10 s after (no forced collection, as a serving process would be). The server runs in this process;
/// the client streams its bodies from disk or from a generator, so the process's RSS is the server's.
/// Goals: peak under 500 MB, and back within 20 % of idle afterwards.
/// </summary>
internal static class UploadMemoryBenchmark
{
    private const long MiB = 1024 * 1024;

    public static async Task RunAsync(Args args, TextWriter stdout)
    {
        var signalRows = int.Parse(args.Option("signal-rows") ?? "10000000", CultureInfo.InvariantCulture);
        var capacityRows = int.Parse(args.Option("rows") ?? "11000000", CultureInfo.InvariantCulture);
        var only = args.Option("only");   // run only the cases whose name contains this
        args.RejectUnknown();

        await using var bench = await BenchDatabase.StartAsync();
        var db = bench.Database.DataSource;
        var capacityFile = Path.Combine(Path.GetTempPath(), $"memory-capacity-{Environment.ProcessId}.csv");
        var signalsFile = Path.Combine(Path.GetTempPath(), $"memory-signals-{Environment.ProcessId}.csv");
        try
        {
            await CapacityBenchmark.LoadNetworkAsync(db);
            await SignalsBenchmark.LoadNetworkAsync(db);
            string carrier, ops;
            await using (var conn = await db.OpenConnectionAsync())
            {
                carrier = await ApiKeyStore.CreateAsync(conn, Roles.Carrier, "BENCH", false, CancellationToken.None);
                ops = await ApiKeyStore.CreateAsync(conn, Roles.Ops, null, false, CancellationToken.None);
            }
            var capacityBytes = await CapacityBenchmark.GenerateAsync(capacityFile, capacityRows);
            var signalsBytes = await SignalsBenchmark.GenerateAsync(signalsFile, signalRows);
            stdout.WriteLine($"generated capacity {capacityBytes / (double)MiB:N0} MiB ({capacityRows:N0} rows), signals {signalsBytes / (double)MiB:N0} MiB ({signalRows:N0} rows)");

            var app = ServerApp.Build(bench.Database, "http://127.0.0.1:0", "all");
            await app.StartAsync();
            try
            {
                var server = BenchServer.Address(app);
                Case[] cases =
                [
                    new("capacity CSV near its 512 MiB limit, valid", carrier, "/v1/capacity/uploads", () => File.OpenRead(capacityFile), capacityBytes),
                    new($"signals CSV, {signalRows:N0} rows, valid", ops, "/v1/signals/uploads", () => File.OpenRead(signalsFile), signalsBytes),
                    new("network CSV near its 16 MiB limit, valid", ops, "/v1/network/uploads", () => Generated(NetworkRows(), 16 * MiB - 64 * 1024), 16 * MiB),
                    new("capacity CSV, 28 lines whose quoted node is 10 MB each", carrier, "/v1/capacity/uploads", () => Generated(LongNodeRows(28, 10_000_000), long.MaxValue), 28 * 10_000_000L),
                    new("capacity body of 600 MiB, chunked (no length), over the limit", carrier, "/v1/capacity/uploads", () => Generated(Repeat("BH-1,sort,2026-10-01T00:00:00+08:00,1,100\n"), 600 * MiB), 600 * MiB),
                    new("network body of 256 MiB, chunked, over the limit", ops, "/v1/network/uploads", () => Generated(NetworkRows(), 256 * MiB), 256 * MiB),
                ];
                stdout.WriteLine("| upload | MiB sent | answer | idle RSS | peak RSS | 10 s after | after ÷ idle | managed heap idle → after | committed idle → after |");
                stdout.WriteLine("|---|---:|---|---:|---:|---:|---:|---:|---:|");
                foreach (var c in cases.Where(c => only is null || c.Name.Contains(only, StringComparison.OrdinalIgnoreCase)))
                {
                    var r = await MeasureAsync(server, c);
                    stdout.WriteLine($"| {c.Name} | {c.Bytes / (double)MiB:N0} | {r.Answer} | {r.Idle:N0} MB | {r.Peak:N0} MB | {r.After:N0} MB | {r.After / r.Idle:F2} | {r.HeapIdle:N0} → {r.HeapAfter:N0} MB | {r.CommittedIdle:N0} → {r.CommittedAfter:N0} MB |");
                    Scoreboard.Add(new Score("upload-memory", $"{c.Name}: peak RSS (answer {r.Answer})", $"{r.Peak:N0} MB", $"idle {r.Idle:N0} MB",
                        Scoreboard.Ratio(r.Peak / r.Idle), "< 500 MB", r.Peak < 500));
                    Scoreboard.Add(new Score("upload-memory", $"{c.Name}: RSS 10 s after", $"{r.After:N0} MB", $"idle {r.Idle:N0} MB",
                        Scoreboard.Ratio(r.After / r.Idle), "≤ 1.2× idle", r.After <= 1.2 * r.Idle));
                }
            }
            finally { await app.StopAsync(); await app.DisposeAsync(); }
        }
        finally { File.Delete(capacityFile); File.Delete(signalsFile); }
    }

    private sealed record Case(string Name, string Key, string Path, Func<Stream> Body, long Bytes);

    /// <param name="HeapIdle">the managed heap's size after the last collection (what is live), idle and 10 s after.</param>
    /// <param name="CommittedIdle">what the GC holds from the OS, idle and 10 s after: RSS beyond it is native memory.</param>
    private sealed record Result(string Answer, double Idle, double Peak, double After, double HeapIdle, double HeapAfter, double CommittedIdle, double CommittedAfter);

    private static (double Heap, double Committed) Managed()
    {
        var info = GC.GetGCMemoryInfo();
        return (info.HeapSizeBytes / 1e6, info.TotalCommittedBytes / 1e6);
    }

    private static async Task<Result> MeasureAsync(Uri server, Case c)
    {
        // Idle: what the previous case left, once the collector has had its chance.
        GC.Collect(); GC.WaitForPendingFinalizers(); GC.Collect();
        await Task.Delay(2000);
        var idle = PeakMemory.ResidentMegabytes();
        var managedIdle = Managed();
        using var sampling = new CancellationTokenSource();
        var peak = idle;
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                peak = Math.Max(peak, PeakMemory.ResidentMegabytes());
                await Task.Delay(20);
            }
        });
        string answer;
        using (var client = new HttpClient { BaseAddress = server, Timeout = TimeSpan.FromMinutes(30) })
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", c.Key);
            await using var body = c.Body();
            using var content = new StreamContent(body, 1 << 20);
            content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
            try
            {
                using var response = await client.PostAsync(c.Path, content);
                answer = ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
                if (response.StatusCode == HttpStatusCode.Accepted)
                    answer += " → " + await BenchUpload.VerdictAsync(client, response.Headers.Location!.ToString());
            }
            catch (HttpRequestException e)
            {
                // The server answers an over-limit body and closes before the client has sent it all.
                answer = $"closed while sending ({e.HttpRequestError})";
            }
        }
        await sampling.CancelAsync();
        await sampler;
        peak = Math.Max(peak, PeakMemory.ResidentMegabytes());
        await Task.Delay(10_000);
        var after = PeakMemory.ResidentMegabytes();
        var managedAfter = Managed();
        return new Result(answer, idle, peak, after, managedIdle.Heap, managedAfter.Heap, managedIdle.Committed, managedAfter.Committed);
    }

    /// <summary>Resident memory now (VmRSS), in MB.</summary>

    // The bodies are made as they are sent, a line at a time, and a long line once: the client's
    // garbage must not show up as the server's memory (they share this process).
    private static IEnumerable<byte[]> NetworkRows()
    {
        yield return "kind,code,name,parent,region\n"u8.ToArray();
        for (var i = 0; ; i++) yield return Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"warehouse,MW{i:D7},Memory warehouse {i},,R{i % 10}\n"));
    }

    private static IEnumerable<byte[]> LongNodeRows(int lines, int nodeLength)
    {
        yield return "node,kind,start,hours,parcels\n"u8.ToArray();
        var line = Encoding.UTF8.GetBytes($"\"{new string('N', nodeLength)}\",sort,2026-10-01T00:00:00+08:00,1,100\n");
        for (var i = 0; i < lines; i++) yield return line;
    }

    private static IEnumerable<byte[]> Repeat(string text)
    {
        yield return "node,kind,start,hours,parcels\n"u8.ToArray();
        var line = Encoding.UTF8.GetBytes(text);
        while (true) yield return line;
    }

    /// <summary>A read-once body of the rows, cut at <paramref name="bytes"/> (at a line end for rows that end in time), without a length.</summary>
    private static Stream Generated(IEnumerable<byte[]> rows, long bytes) => new RowStream(rows.GetEnumerator(), bytes);

    private sealed class RowStream(IEnumerator<byte[]> rows, long limit) : Stream
    {
        private byte[] _pending = [];
        private int _offset;
        private long _sent;

        public override int Read(byte[] buffer, int offset, int count)
        {
            var written = 0;
            while (written < count)
            {
                if (_offset == _pending.Length)
                {
                    if (!rows.MoveNext()) break;
                    var next = rows.Current;
                    if (_sent + next.Length > limit) break;
                    _pending = next; _offset = 0;
                }
                var n = Math.Min(count - written, _pending.Length - _offset);
                Array.Copy(_pending, _offset, buffer, offset + written, n);
                _offset += n; written += n; _sent += n;
            }
            return written;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _sent; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing) rows.Dispose();
            base.Dispose(disposing);
        }
    }
}
