using System.Text.Json;
using Dapper;
using Logistics.Server.Infrastructure;
using Logistics.Server.Ingest;
using Logistics.Server.Uploads;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Logistics.Server.Capacity;

/// <summary>
/// Receives a capacity body in one transaction: parses it as it streams in, checks each line on its
/// own and against the network, and binary COPYs every hour into the upload's own staging table,
/// already in the history's shape. The upload row and its staging table commit together (queued for
/// the background load), or the upload commits rejected with every bad line; a crash leaves nothing.
/// Idempotency is decided once the body's hash is known.
/// </summary>
internal static class CapacitySubmissions
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <param name="progress">lines read so far, every 100,000 lines.</param>
    /// <param name="loadUpToHours">
    /// an upload of at most this many hours (and at least one) is also loaded here, in the same
    /// transaction, unless another load is merging: it comes back accepted or rejected instead of
    /// queued. 0: always leave the load to the background job.
    /// </param>
    /// <exception cref="BodyTooLargeException">the body passed its limit; nothing is kept.</exception>
    public static async Task<SubmitResult> StoreAsync(NpgsqlDataSource db, CapacityOptions options, UploadSubmission s, MeteredBody metered,
        IProgress<long>? progress, CancellationToken ct, ILogger? log = null, long loadUpToHours = 0)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var uploadId = s.Id ?? Guid.CreateVersion7();
        var staged = CapacitySql.StagingTableFor(uploadId);
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition("SET LOCAL work_mem = '256MB'; SET LOCAL jit = off", transaction: tx, cancellationToken: ct));
        var network = await CapacityNetwork.LoadAsync(conn, tx, s.CarrierId, ct);

        var errors = new CapacityErrors(options.MaxStoredErrors);
        var parser = new CapacityParser(options, errors, network);
        var json = s.IsJson;
        // The staging table and its COPY are made when needed: by the writer on the reading thread, as a
        // large upload outgrows what it holds (the connection is idle meanwhile), or below for held
        // hours that must be staged. FREEZE (the table is new in this transaction): rows land with
        // their hint bits set, so the load's index build and every later read need not rewrite each page once more.
        NpgsqlRawCopyStream? copy = null;
        var stagingCopy = $"COPY {staged} ({StagingWriter.Columns}) FROM STDIN (FORMAT BINARY, FREEZE)";
        var writer = new StagingWriter(() =>
        {
            conn.Execute(CapacitySql.CreateStaging.Replace("{staged}", staged, StringComparison.Ordinal), transaction: tx);
            return copy = conn.BeginRawBinaryCopy(stagingCopy);
        });
        long parsedMs = 0;
        try
        {
            // The CSV reader pulls the body synchronously: on a thread of its own, so a large body
            // never ties up (or waits for) the request thread pool.
            await Task.Factory.StartNew(() =>
            {
                parser.ParseAsync(metered, json, line =>
                {
                    if (line.Line % 100_000 == 0) progress?.Report(line.Line);
                    writer.Add(line);
                }, ct).GetAwaiter().GetResult();
                parsedMs = clock.ElapsedMilliseconds;
                if (!writer.Held) writer.Complete();
            }, ct, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        }
        catch
        {
            // Nothing half-read may land, and ending a half-written COPY would fail over the real error.
            if (copy is not null) await copy.CancelAsync();
            throw;
        }
        finally
        {
            if (copy is not null) await copy.DisposeAsync();
        }
        var hours = writer.Hours;
        var sha = await metered.FinishAsync(ct);
        await FaultPoint.ReachAsync(FaultPoint.CapacityReceived, ct);

        if (s.IdempotencyKey is { } key)
        {
            // Serialize requests carrying the same key, so the second sees the first's upload.
            await conn.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_xact_lock(hashtextextended('capacity-idem:' || coalesce(@ApiKeyId, 0) || ':' || @key, 0))",
                new { s.ApiKeyId, key }, tx, cancellationToken: ct));
            if (await UploadStore.FindByIdempotencyKeyAsync(conn, tx, UploadKind.Capacity, s.ApiKeyId, key, ct) is { } earlier)
            {
                await tx.RollbackAsync(ct);   // nothing of this request is kept
                return SubmitResult.Replay(earlier, sha);
            }
        }

        // Held hours that can no longer fail, of an upload large enough for partitions of its own and
        // small enough to load here, go straight into the history (CapacityDirectLoad); any other held
        // hours are staged now, in the index's order.
        await using var secondHalf = writer.Held && errors.Total == 0 && hours >= CapacitySql.OwnPartitionFrom && hours <= loadUpToHours && !writer.HasOverlap
            ? await CapacityDirectLoad.TryBeginAsync(db, conn, tx, uploadId, network.Generation, ct)
            : null;
        var direct = secondHalf is not null;
        if (writer.Held && hours > 0 && !direct)
        {
            await conn.ExecuteAsync(new CommandDefinition(CapacitySql.CreateStaging.Replace("{staged}", staged, StringComparison.Ordinal), transaction: tx, cancellationToken: ct));
            await BinaryCopyWriter.CopyOnThreadAsync(conn, stagingCopy, writer.WriteHeld, ct);
        }
        if (!direct)
            log?.LogDebug("capacity upload {Upload}: {Lines} lines read, checked and staged as {Hours} hours in {Ms} ms (read and checked at {Parsed} ms)",
                uploadId, parser.Rows, hours, clock.ElapsedMilliseconds, parsedMs);

        if (errors.Total > 0)
        {
            // Lines that passed every other check may still overlap each other: report those too.
            if (hours > 0 && await conn.ExecuteScalarAsync<bool>(new CommandDefinition(CapacitySql.AnyOverlap.Replace("{staged}", staged), transaction: tx, cancellationToken: ct, commandTimeout: 0)))
                await CapacityChecks.AddAsync(conn, tx, errors, CapacitySql.Overlaps.Replace("{staged}", staged), new { }, ct);
            await conn.ExecuteAsync(new CommandDefinition($"DROP TABLE IF EXISTS {staged}", transaction: tx, cancellationToken: ct));
        }
        await conn.ExecuteAsync(new CommandDefinition($"""
            INSERT INTO uploads (id, kind, status, source, api_key_id, carrier_id, idempotency_key, body_sha256, content_type, file_name, body_bytes,
                                 rows_total, rows_applied, error_count, errors, started_at, finished_at, network_generation)
            VALUES (@id, '{UploadKinds.Capacity}', @status, @Source, @ApiKeyId, @CarrierId, @IdempotencyKey, @sha, @ContentType, @FileName, @bytes,
                    @rows, @applied, @count, @errors::jsonb, CASE WHEN @final THEN clock_timestamp() END, CASE WHEN @final THEN clock_timestamp() END, @generation)
            """, new
        {
            id = uploadId, status = errors.Total > 0 ? UploadState.Rejected : UploadState.Queued, s.Source, s.ApiKeyId, s.CarrierId, s.IdempotencyKey, sha,
            s.ContentType, s.FileName, bytes = metered.Bytes, rows = parser.Rows, applied = errors.Total > 0 ? 0 : (long?)null,
            count = (int)Math.Min(errors.Total, int.MaxValue), errors = JsonSerializer.Serialize(errors.Kept, Json), final = errors.Total > 0, generation = network.Generation,
        }, tx, cancellationToken: ct));
        await FaultPoint.ReachAsync(FaultPoint.CapacityRecorded, ct);
        if (direct)
        {
            try
            {
                var applied = await CapacityDirectLoad.RunAsync(conn, tx, secondHalf!, uploadId, writer, log ?? NullLogger.Instance, ct);
                await CapacityLoader.FinishAsync(conn, tx, uploadId, UploadState.Accepted, applied, errors, ct);
                await tx.CommitAsync(ct);
                log?.LogInformation("capacity upload {Upload} accepted by its request, straight into the history: {Lines} lines, {Hours} hourly buckets in {Ms} ms (read and checked at {Parsed} ms)",
                    uploadId, parser.Rows, applied, clock.ElapsedMilliseconds, parsedMs);
            }
            catch
            {
                // Its locks go first: the second half's table may be attached in this transaction.
                // A rollback that fails (the connection is gone) leaves the server to end it.
                try { await tx.RollbackAsync(CancellationToken.None); }
                catch (Exception) { }   // the connection is gone (and the transaction with it): the server ends it
                await CapacityDirectLoad.DropSecondHalfAsync(db, uploadId, log ?? NullLogger.Instance);
                throw;
            }
        }
        else
        {
            if (errors.Total == 0 && hours > 0 && hours <= loadUpToHours)
                await LoadNowAsync(conn, tx, options, new StagedUpload(uploadId, s.CarrierId, network.Generation, hours), log, ct);
            await tx.CommitAsync(ct);
        }
        return new SubmitResult((await UploadStore.GetAsync(conn, uploadId, ct))!, Replayed: false);
    }

    /// <summary>
    /// The background job's load, done by the request that staged the upload, in its transaction: no
    /// wait for a worker to pick the job up, and the staged hours are not written out in between.
    /// Another load merging means this one is left queued for the job rather than waited for.
    /// </summary>
    private static async Task LoadNowAsync(NpgsqlConnection conn, NpgsqlTransaction tx, CapacityOptions options, StagedUpload upload, ILogger? log, CancellationToken ct)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await tx.SaveAsync("staged", ct);
        var errors = new CapacityErrors(options.MaxStoredErrors);
        var applied = await CapacityMerge.RunAsync(conn, tx, upload, errors, wait: false, log ?? NullLogger.Instance, ct);
        if (applied is null)
        {
            await tx.RollbackAsync("staged", ct);
            log?.LogDebug("capacity upload {Upload}: another load is merging; left to the background job", upload.Id);
        }
        else if (errors.Total > 0)
        {
            // Nothing of a rejected file stays: the verdict, and the staging table gone.
            await tx.RollbackAsync("staged", ct);
            await CapacityLoader.FinishAsync(conn, tx, upload.Id, UploadState.Rejected, 0, errors, ct);
            await conn.ExecuteAsync(new CommandDefinition($"DROP TABLE {CapacitySql.StagingTableFor(upload.Id)}", transaction: tx, cancellationToken: ct));
            log?.LogInformation("capacity upload {Upload} rejected by its request's load: {Errors} bad lines", upload.Id, errors.Total);
        }
        else
        {
            await CapacityLoader.FinishAsync(conn, tx, upload.Id, UploadState.Accepted, applied.Value, errors, ct);
            log?.LogInformation("capacity upload {Upload} accepted by its request's load: {Hours} hourly buckets in {Ms} ms", upload.Id, applied, clock.ElapsedMilliseconds);
        }
    }
}
