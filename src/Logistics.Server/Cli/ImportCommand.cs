using Logistics.Server.Uploads;

namespace Logistics.Server.Cli;

internal static class ImportCommand
{
    private static readonly string[] Kinds = ["campaigns", "network", "signals", "outcomes"];

    public static async Task<int> RunAsync(Args args, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        args.RejectUnknown();
        if (args.Words.Count != 2 || !Kinds.Contains(args.Words[0]))
            throw new UsageException($"usage: import {string.Join("|", Kinds)} FILE");
        var (kind, path) = (args.Words[0], args.Words[1]);
        if (!File.Exists(path)) throw new CommandFailedException($"no such file: {path}");
        var contentType = path.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? "application/json" : "text/csv";
        await using var db = await CommandLine.OpenMigratedAsync(ct);
        if (kind is "signals" or "outcomes")
            return await ImportBulkAsync(db, kind, path, contentType, stdout, stderr, ct);

        var body = await File.ReadAllBytesAsync(path, ct);
        var processor = new SmallUploadProcessor(db.DataSource);
        var result = await processor.SubmitAsync(new UploadRequest(kind, "cli", null, null, null, contentType, Path.GetFileName(path), body), ct);
        var u = result.Upload;
        if (u.Status == "accepted")
        {
            stdout.WriteLine($"accepted: {u.RowsTotal} rows of {kind} from {path} (upload {u.Id})");
            return 0;
        }
        return Rejected(u, path, stderr);
    }

    /// <summary>Signals and outcomes: the same receive-then-load path as the API, run here and waited for.</summary>
    private static async Task<int> ImportBulkAsync(Storage.Database db, string kind, string path, string contentType, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        var ingest = new Ingest.BulkIngest(db.DataSource, Microsoft.Extensions.Logging.Abstractions.NullLogger<Ingest.BulkIngest>.Instance);
        var started = System.Diagnostics.Stopwatch.StartNew();
        var progress = new Progress<long>(rows => stderr.WriteLine($"{path}: {rows:N0} rows read ({started.Elapsed.TotalSeconds:0} s)"));
        await using var file = File.OpenRead(path);
        var received = await ingest.ReceiveAsync(new Ingest.BulkUploadRequest(Ingest.IngestUploadJob.FormatOf(kind), "cli", null, null, null, contentType, Path.GetFileName(path)), file, progress, ct);
        var u = received.Upload;
        if (u.Status == "queued")
        {
            stderr.WriteLine($"{path}: {u.RowsTotal:N0} rows staged in {started.Elapsed.TotalSeconds:0.0} s; validating and loading");
            u = await ingest.ProcessAsync(u.Id, Ingest.IngestUploadJob.FormatOf(kind), ct);
        }
        if (u.Status == "accepted")
        {
            stdout.WriteLine($"accepted: {u.RowsTotal} rows of {kind} from {path} in {started.Elapsed.TotalSeconds:0.0} s (upload {u.Id})");
            return 0;
        }
        return Rejected(u, path, stderr);
    }

    private static int Rejected(UploadStatus u, string path, TextWriter stderr)
    {
        foreach (var e in u.Errors) stderr.WriteLine($"{path}: {e}");
        var shown = u.ErrorCount > u.Errors.Count ? $" (the first {u.Errors.Count} shown)" : "";
        throw new CommandFailedException($"rejected: {u.ErrorCount} bad line{(u.ErrorCount == 1 ? "" : "s")} in {path}{shown}; nothing was changed (upload {u.Id})");
    }
}
