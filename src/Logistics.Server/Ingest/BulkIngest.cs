using Dapper;
using Logistics.Server.Storage;
using Logistics.Server.Uploads;
using Npgsql;

namespace Logistics.Server.Ingest;

/// <summary>
/// The accept path of large uploads: receive (stream into staging), record, and later process
/// (validate set-based, merge, all in one transaction). Receiving and processing are separate so
/// the API answers 202 while a worker does the heavy part; the CLI runs both and waits.
/// </summary>
internal sealed class BulkIngest(NpgsqlDataSource db, ILogger<BulkIngest> log)
{
    /// <summary>A JSON body is read whole before it is staged: this bounds what that holds (CSV streams, up to the kind's limit).</summary>
    public const long MaxJsonBody = 64L * 1024 * 1024;

    public async Task<SubmitResult> ReceiveAsync(UploadKind kind, BulkFormat format, UploadSubmission r, MeteredBody body, IProgress<long>? progress, CancellationToken ct)
    {
        var id = r.Id ?? Guid.CreateVersion7();
        // Held from before the first staging table until the upload's row is in (its tables commit
        // first): the sweep for crash leftovers takes the tables of no upload only when it is free.
        await using var receiving = await db.OpenConnectionAsync(ct);
        var key = new { key = BulkReceiver.LockKey(id) };
        await receiving.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_lock(hashtextextended(@key, 0))", key, cancellationToken: ct));
        try { return await ReceiveAsync(id, kind, format, r, body, progress, ct); }
        finally
        {
            try { await receiving.ExecuteAsync("SELECT pg_advisory_unlock(hashtextextended(@key, 0))", key); }
            catch (NpgsqlException) { }   // the connection is gone, and the lock with it
        }
    }

    private async Task<SubmitResult> ReceiveAsync(Guid id, UploadKind kind, BulkFormat format, UploadSubmission r, MeteredBody body, IProgress<long>? progress, CancellationToken ct)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        Received received;
        byte[] sha;
        try
        {
            received = r.IsJson
                ? await ReceiveJsonAsync(format, id, body, ct)
                : await BulkReceiver.ReceiveCsvAsync(db, format, id, body, progress, ct);
            sha = await body.FinishAsync(ct);
        }
        catch
        {
            await using var cleanup = await db.OpenConnectionAsync(CancellationToken.None);
            await BulkReceiver.DropAsync(cleanup, id);
            throw;
        }

        await using var conn = await db.OpenConnectionAsync(ct);
        if (r.IdempotencyKey is { } key && await UploadStore.FindByIdempotencyKeyAsync(conn, null, kind, r.ApiKeyId, key, ct) is { } earlier)
        {
            await BulkReceiver.DropAsync(conn, id);
            return SubmitResult.Replay(earlier, sha);
        }

        log.LogInformation("{Kind} upload {Id}: {Rows} rows received and staged ({Bytes} bytes) in {Seconds:0.0} s", UploadKinds.Name(kind), id, received.Rows, body.Bytes, clock.Elapsed.TotalSeconds);
        var rejected = received.ErrorCount > 0 && received.Fatal;
        try
        {
            await UploadStore.InsertAsync(conn, null, id, kind, r, sha, body.Bytes, rejected ? UploadState.Processing : UploadState.Queued, ct);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation && r.IdempotencyKey is not null)
        {
            await BulkReceiver.DropAsync(conn, id);
            return SubmitResult.Replay(await UploadStore.FindByIdempotencyKeyAsync(conn, null, kind, r.ApiKeyId, r.IdempotencyKey, ct), sha);
        }
        if (rejected)
        {
            await UploadStore.FinishAsync(conn, null, id, accepted: false, received.Rows, 0, received.Errors, ct, received.ErrorCount);
            await BulkReceiver.DropAsync(conn, id);
        }
        else
            // Lines skipped for their field count are kept here; the load adds what the checks find.
            await UploadStore.RecordLineErrorsAsync(conn, id, received.Rows, received.Errors, received.ErrorCount, ct);
        return new SubmitResult((await UploadStore.GetAsync(conn, id, ct))!, Replayed: false);
    }

    /// <summary>
    /// Validates and merges a queued upload in one transaction. Safe to run again after a crash:
    /// a finished upload is left alone, and a half-done one rolled back with its transaction.
    /// </summary>
    public async Task<UploadStatus> ProcessAsync(Guid id, BulkFormat format, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var started = await conn.ExecuteAsync(new CommandDefinition(
            $"UPDATE uploads SET status = '{UploadStates.Processing}', started_at = now() WHERE id = @id AND status IN ('{UploadStates.Queued}', '{UploadStates.Processing}')",
            new { id }, cancellationToken: ct));
        if (started == 0) return (await UploadStore.GetAsync(conn, id, ct)) ?? throw new InvalidOperationException($"no upload {id}");

        var staged = new BulkStaging(id, format);
        var phase = System.Diagnostics.Stopwatch.StartNew();
        await UploadStore.ProgressAsync(db, id, "waiting", 0, ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        // One upload of a kind at a time: validation must see what the previous one merged.
        await conn.ExecuteLockAsync(tx, $"bulk:{UploadKinds.Name(format.Kind)}", ct);
        await UploadStore.ProgressAsync(db, id, "checking", 0, ct);
        var (checkErrors, total) = await staged.CheckAsync(conn, tx, ct);
        var (earlier, earlierCount) = await UploadStore.LineErrorsAsync(conn, tx, id, ct);
        var errorCount = earlierCount + (checkErrors.Count > 0 ? checkErrors[0].Total : 0);
        var errors = earlier.Concat(checkErrors.Select(e => e.ToError()))
            .OrderBy(e => e.Line).Take(UploadStore.MaxStoredErrors).ToList();
        log.LogInformation("{Kind} upload {Id}: checks over {Rows} rows took {Seconds:0.0} s", UploadKinds.Name(format.Kind), id, total, phase.Elapsed.TotalSeconds);
        phase.Restart();

        if (errorCount > 0)
        {
            await UploadStore.FinishAsync(conn, tx, id, accepted: false, total, 0, errors, ct, errorCount);
        }
        else
        {
            await UploadStore.ProgressAsync(db, id, "merging", total, ct);   // every row checked
            var (applied, how) = await staged.MergeAsync(conn, tx, ct);
            await UploadStore.FinishAsync(conn, tx, id, accepted: true, total, applied, [], ct);
            log.LogInformation("{Kind} upload {Id}: merge of {Rows} rows ({How}) took {Seconds:0.0} s", UploadKinds.Name(format.Kind), id, total, how, phase.Elapsed.TotalSeconds);
        }
        await BulkReceiver.DropAsync(conn, id, tx);
        await tx.CommitAsync(ct);
        log.LogInformation("{Kind} upload {Id}: {Status}, {Rows} rows, {Errors} errors", UploadKinds.Name(format.Kind), id, errorCount > 0 ? UploadStates.Rejected : UploadStates.Accepted, total, errorCount);
        return (await UploadStore.GetAsync(conn, id, ct))!;
    }

    private async Task<Received> ReceiveJsonAsync(BulkFormat format, Guid id, Stream body, CancellationToken ct)
    {
        // Cut off as soon as it passes the limit, not once held whole.
        using var buffer = new MemoryStream();
        var block = new byte[64 * 1024];
        for (int n; (n = await body.ReadAsync(block, ct)) > 0;)
        {
            if (buffer.Length + n > MaxJsonBody)
                throw BodyTooLargeException.JsonOver(MaxJsonBody);
            buffer.Write(block, 0, n);
        }
        var (table, errors) = Uploads.JsonRows.Parse(buffer.ToArray(), format.Required, format.Optional);
        // The malformed rows are left out and reported (like CSV lines with a wrong field count); the others are staged and checked as usual.
        if (table is null || table.Rows.Count == 0) return new Received(BulkReceiver.StagingTableFor(id), 0, errors, errors.Count);
        // The same staging path as CSV: render the rows as CSV and stream them through.
        var csv = new MemoryStream();
        await using (var w = new StreamWriter(csv, leaveOpen: true))
        {
            await w.WriteLineAsync(string.Join(",", table.Header));
            foreach (var row in table.Rows) await w.WriteLineAsync(string.Join(",", row.Fields.Select(Quote)));
        }
        csv.Position = 0;
        // Reported by their positions in the array, not the lines of the CSV rendered here.
        var received = await BulkReceiver.ReceiveCsvAsync(db, format, id, csv, null, ct, [.. table.Rows.Select(r => r.Line)]);
        if (errors.Count == 0) return received;
        var all = errors.Concat(received.Errors).OrderBy(e => e.Line).Take(BulkReceiver.MaxErrorsKept).ToList();
        return received with { Errors = all, ErrorCount = received.ErrorCount + errors.Count };
    }

    private static string Quote(string f) => f.IndexOfAny([',', '"', '\n', '\r']) < 0 ? f : $"\"{f.Replace("\"", "\"\"")}\"";
}

