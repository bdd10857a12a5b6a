using Dapper;
using Logistics.Server.Capacity;
using Logistics.Server.Ingest;
using Logistics.Server.Uploads;
using Microsoft.Extensions.Logging.Abstractions;

namespace Logistics.Server.Cli;

internal static class ImportCommand
{
    /// <summary>The import argument's values, in the order its help lists them.</summary>
    public static readonly string[] Kinds =
        [.. new[] { UploadKind.Campaigns, UploadKind.Network, UploadKind.Capacity, UploadKind.Signals, UploadKind.Outcomes }.Select(UploadKinds.Name)];

    public static async Task<int> RunAsync(UploadKind kind, string path, string? carrier, string? errorsOut, bool showProgress, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        if (carrier is not null && kind != UploadKind.Capacity) throw new UsageException("--carrier goes with import capacity only");
        if (!File.Exists(path)) throw new CommandFailedException($"no such file: {path}");
        var contentType = path.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? "application/json" : "text/csv";
        await using var db = await CommandLine.OpenMigratedAsync(ct);
        if (kind is UploadKind.Signals or UploadKind.Outcomes)
            return await ImportBulkAsync(db, kind, path, contentType, errorsOut, ImportProgress.For(stderr, path, showProgress), stdout, stderr, ct);
        UploadStatus u;
        if (kind == UploadKind.Capacity)
            u = await ImportCapacityAsync(db.DataSource, path, contentType, carrier, ImportProgress.For(stderr, path, showProgress), stdout, ct);
        else
        {
            var body = await File.ReadAllBytesAsync(path, ct);
            var processor = new SmallUploadProcessor(db.DataSource);
            u = (await processor.SubmitAsync(new UploadRequest(kind, "cli", null, null, null, contentType, Path.GetFileName(path), body), ct)).Upload;
        }
        if (u.State == UploadState.Accepted)
        {
            stdout.WriteLine($"accepted: {u.RowsTotal} rows of {UploadKinds.Name(kind)} from {path} (upload {u.Id})");
            return 0;
        }
        return Rejected(u, path, errorsOut, stderr);
    }

    /// <summary>Signals and outcomes: the same receive-then-load path as the API, run here and waited for.</summary>
    private static async Task<int> ImportBulkAsync(Storage.Database db, UploadKind kind, string path, string contentType, string? errorsOut,
        ImportProgress? progress, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        var ingest = new Ingest.BulkIngest(db.DataSource, Microsoft.Extensions.Logging.Abstractions.NullLogger<Ingest.BulkIngest>.Instance);
        var started = System.Diagnostics.Stopwatch.StartNew();
        await using var file = File.OpenRead(path);
        var received = await ingest.ReceiveAsync(new Ingest.BulkUploadRequest(Ingest.IngestUploadJob.FormatOf(kind), "cli", null, null, null, contentType, Path.GetFileName(path)),
            progress?.Track(file) ?? file, progress, ct);
        var u = received.Upload;
        progress?.Done(u.RowsTotal);
        if (u.State == UploadState.Queued)
        {
            stderr.WriteLine($"{path}: {u.RowsTotal:N0} rows staged in {started.Elapsed.TotalSeconds:0.0} s; validating and loading");
            u = await ingest.ProcessAsync(u.Id, Ingest.IngestUploadJob.FormatOf(kind), ct);
        }
        if (u.State == UploadState.Accepted)
        {
            stdout.WriteLine($"accepted: {u.RowsTotal} rows of {UploadKinds.Name(kind)} from {path} in {started.Elapsed.TotalSeconds:0.0} s (upload {u.Id})");
            return 0;
        }
        return Rejected(u, path, errorsOut, stderr);
    }

    private static int Rejected(UploadStatus u, string path, string? errorsOut, TextWriter stderr)
    {
        if (errorsOut is not null)
        {
            // The report as a file a spreadsheet opens, one bad line a row; the rule came later, so it is last
            // and a script reading the first four columns by position reads them still.
            File.WriteAllLines(errorsOut, u.Errors.Select(e => string.Join(',', Csv(e.Line.ToString(System.Globalization.CultureInfo.InvariantCulture)), Csv(e.Column), Csv(e.Value ?? ""), Csv(e.Reason), e.Rule.Code))
                .Prepend("line,column,value,reason,rule"));
            stderr.WriteLine($"{path}: {u.Errors.Count} bad line{(u.Errors.Count == 1 ? "" : "s")} written to {errorsOut}"
                + (u.ErrorCount > u.Errors.Count ? $" (the first {u.Errors.Count} of {u.ErrorCount})" : ""));
        }
        foreach (var e in u.Errors) stderr.WriteLine($"{path}: {e}");
        if (u.ErrorCount > u.Errors.Count) stderr.WriteLine($"{path}: ... and {u.ErrorCount - u.Errors.Count} more bad lines");
        throw new CommandFailedException($"rejected: {u.ErrorCount} bad line{(u.ErrorCount == 1 ? "" : "s")} in {path}; nothing was changed (upload {u.Id})");
    }

    // Ops, or ops speaking for a carrier: the same store-then-load path as the API, the load run here and waited for.
    private static async Task<UploadStatus> ImportCapacityAsync(Npgsql.NpgsqlDataSource db, string path, string contentType, string? carrier, ImportProgress? progress, TextWriter stdout, CancellationToken ct)
    {
        long? carrierId = null;
        if (carrier is not null)
        {
            await using var conn = await db.OpenConnectionAsync(ct);
            carrierId = await conn.ExecuteScalarAsync<long?>(new CommandDefinition("SELECT id FROM carriers WHERE code = @carrier", new { carrier }, cancellationToken: ct))
                ?? throw new CommandFailedException($"no carrier '{carrier}': import the network first (logistics import network FILE)");
        }
        var options = CapacityOptions.FromEnvironment();
        var large = new FileInfo(path).Length > 8 * 1024 * 1024;
        await using var file = File.OpenRead(path);
        SubmitResult stored;
        try
        {
            stored = await CapacitySubmissions.StoreAsync(db, options, new CapacitySubmission("cli", null, carrierId, null, contentType, Path.GetFileName(path)),
                progress?.Track(file) ?? file, progress, ct);
        }
        catch (BodyTooLargeException e) { throw new CommandFailedException($"{path}: {e.Message} (Capacity__MaxBodyBytes)"); }
        progress?.Done(stored.Upload.RowsTotal);
        if (stored.Upload.IsFinal) return stored.Upload;
        if (large) stdout.WriteLine($"staged {path} as upload {stored.Upload.Id}; loading");
        return await new CapacityLoader(db, options, NullLogger<CapacityLoader>.Instance).LoadAsync(stored.Upload.Id, ct);
    }

    private static string Csv(string field) =>
        field.IndexOfAny([',', '"', '\n', '\r']) < 0 ? field : $"\"{field.Replace("\"", "\"\"")}\"";
}
