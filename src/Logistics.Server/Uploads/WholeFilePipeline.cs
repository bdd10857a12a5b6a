using Logistics.Server.Ingest;
using Logistics.Server.Storage;
using Hangfire;
using Npgsql;

namespace Logistics.Server.Uploads;

/// <summary>
/// Files read whole (the network, campaigns: their checks cross rows, the national network is ~200k
/// rows): validated and applied in the request, in one transaction, and the upload row records the
/// outcome. Nothing is left for a job.
/// </summary>
internal sealed class WholeFilePipeline(IWholeFile file) : IUploadPipeline
{
    /// <summary>
    /// The largest such body. The file is held parsed and checked, so the limit is what bounds its
    /// memory: a 32 MiB file of the shortest lines took the server past 500 MB, 16 MiB stays well
    /// inside it. The national network is about 11 MB; a larger one goes up in parts (a row's parent
    /// may be in the file or already in the database).
    /// </summary>
    public const long MaxBodyBytes = 16L * 1024 * 1024;

    public static UploadKindSpec Spec(UploadKind kind, IWholeFile file) =>
        new(kind, new WholeFilePipeline(file), MaxBodyBytes, null,
            $"Upload a {UploadKinds.Name(kind)} file (CSV or JSON); validated whole and applied in one transaction.", file.Example);

    public bool HoldsBody(UploadSubmission submission) => true;

    public async Task<SubmitResult> ReceiveAsync(IntakeContext context, UploadKindSpec kind, UploadSubmission s, MeteredBody body, IProgress<long>? progress, CancellationToken ct)
    {
        var bytes = await ReadWholeAsync(body, s.Length, ct);
        var sha = await body.FinishAsync(ct);
        await using var conn = await context.Db.OpenConnectionAsync(ct);

        if (s.IdempotencyKey is { } key &&
            await UploadStore.FindByIdempotencyKeyAsync(conn, null, kind.Kind, s.ApiKeyId, key, ct) is { } earlier)
        {
            return SubmitResult.Replay(earlier, sha);
        }

        var id = s.Id ?? Guid.CreateVersion7();
        try
        {
            await UploadStore.InsertAsync(conn, null, id, kind.Kind, s, sha, bytes.Length, UploadState.Processing, ct);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation && s.IdempotencyKey is not null)
        {
            // A concurrent request with the same key won the race: answer as it did.
            return SubmitResult.Replay(await UploadStore.FindByIdempotencyKeyAsync(conn, null, kind.Kind, s.ApiKeyId, s.IdempotencyKey, ct), sha);
        }

        var (parsed, parseErrors) = s.IsJson ? JsonRows.Parse(bytes, file.Required, file.Optional) : CsvTable.Parse(bytes, file.Required, file.Optional);
        await using var tx = await conn.BeginTransactionAsync(System.Data.IsolationLevel.ReadCommitted, ct);
        // One network or campaign file at a time: validation reads what the previous one wrote.
        await conn.ExecuteLockAsync(tx, "network-and-campaigns", ct);
        // What the parse refused (a JSON body's malformed rows, the line a CSV's reading stopped at) is reported beside what the checks find in the rest.
        var report = new ErrorReport();
        foreach (var e in parseErrors) report.Add(e);
        long total = parsed?.Rows.Count ?? 0, applied = 0;
        if (parsed is not null)
        {
            // The lines left out of the table: malformed JSON rows, or the line where the CSV's reading stopped.
            total += parseErrors.Select(e => e.Line).Distinct().Count();
            applied = await file.ApplyAsync(conn, tx, parsed, report, ct);
            if (report.Count == 0 && total == 0)
                report.Add(new RowError(1, "", null, LineRule.NoRows, "the file has a header but no rows"));
        }

        if (report.Total > 0)
        {
            await tx.RollbackAsync(ct);   // nothing of a rejected file stays
            await UploadStore.FinishAsync(conn, null, id, accepted: false, total, 0, report.Kept, ct, report.Total);
        }
        else
        {
            await UploadStore.FinishAsync(conn, tx, id, accepted: true, total, applied, [], ct);
            await tx.CommitAsync(ct);
        }
        return new SubmitResult((await UploadStore.GetAsync(conn, id, ct))!, Replayed: false);
    }

    public Task QueueLoadAsync(IntakeContext context, IBackgroundJobClient jobs, UploadKindSpec kind, Guid upload, CancellationToken ct) =>
        throw new InvalidOperationException($"a {kind.Name} upload is applied as it is received; there is no load to queue");

    public Task<UploadStatus> LoadHereAsync(IntakeContext context, UploadKindSpec kind, Guid upload, CancellationToken ct) =>
        throw new InvalidOperationException($"a {kind.Name} upload is applied as it is received; there is no load to run");

    /// <summary>The body in one array of its exact size when its length is known, else grown as it comes.</summary>
    private static async Task<byte[]> ReadWholeAsync(MeteredBody body, long? length, CancellationToken ct)
    {
        if (length is { } n and <= MaxBodyBytes)
        {
            var exact = new byte[n];
            var read = await body.ReadAtLeastAsync(exact, exact.Length, throwOnEndOfStream: false, ct);
            // The body is what came, whatever was announced (a multipart file is less than its request).
            if (read < n) return exact[..read];
            var next = new byte[1];
            if (await body.ReadAsync(next, ct) == 0) return exact;
            using var longer = new MemoryStream();
            longer.Write(exact);
            longer.Write(next);
            await body.CopyToAsync(longer, ct);
            return longer.ToArray();
        }
        using var buffer = new MemoryStream();
        await body.CopyToAsync(buffer, ct);
        return buffer.ToArray();
    }
}
