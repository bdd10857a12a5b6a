using System.Text.Json;
using Dapper;
using Logistics.Server.Ingest;
using Logistics.Server.Storage;
using Logistics.Server.Uploads;
using Npgsql;
using NpgsqlTypes;

namespace Logistics.Server.Capacity;

/// <summary>
/// Loads one stored capacity upload, all or nothing, in one transaction: parse the body as a
/// stream, binary COPY the lines into a temporary staging table, check them set-based against the
/// network and each other, then append them to the history under the next version. A crash at any
/// point rolls the whole load back; the upload stays pending with its body and can simply run again.
/// </summary>
internal sealed class CapacityLoader(NpgsqlDataSource db, CapacityOptions options, ILogger<CapacityLoader> log)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private sealed record Pending(string Status, long? CarrierId, string ContentType);

    /// <param name="progress">lines read so far, every 100,000 lines.</param>
    public async Task<UploadStatus> LoadAsync(Guid id, IProgress<long>? progress, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        // Visible at once, outside the load's transaction: someone is on it.
        await conn.ExecuteAsync(new CommandDefinition("""
            UPDATE uploads SET status = 'processing', started_at = coalesce(started_at, now())
            WHERE id = @id AND kind = 'capacity' AND status IN ('queued', 'processing')
            """, new { id }, cancellationToken: ct));

        await using var tx = await conn.BeginTransactionAsync(ct);
        // The row lock makes a second runner of the same upload wait, then find it finished.
        var pending = await conn.QuerySingleOrDefaultAsync<Pending>(new CommandDefinition(
            "SELECT status, carrier_id, content_type FROM uploads WHERE id = @id AND kind = 'capacity' FOR UPDATE",
            new { id }, tx, cancellationToken: ct)) ?? throw new InvalidOperationException($"no capacity upload {id}");
        if (pending.Status is "accepted" or "rejected")
        {
            await tx.RollbackAsync(ct);
            return (await UploadStore.GetAsync(conn, id, ct))!;
        }
        // Shared with other capacity loads, exclusive against network uploads: the network we check against holds still.
        await conn.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_xact_lock_shared(hashtextextended('network-and-campaigns', 0))", transaction: tx, cancellationToken: ct));

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var errors = new CapacityErrors(options.MaxStoredErrors);
        var parser = new CapacityParser(options, errors);
        // Room for the checks' hash joins and aggregates over a million lines without spilling to disk.
        // No JIT: compiling the plans costs more than the plain set operations it would speed up.
        await conn.ExecuteAsync(new CommandDefinition("SET LOCAL work_mem = '256MB'; SET LOCAL jit = off", transaction: tx, cancellationToken: ct));
        await conn.ExecuteAsync(new CommandDefinition(CapacitySql.CreateStaging, transaction: tx, cancellationToken: ct));
        await using (var body = UploadBodies.Open(db, id))
        await using (var copy = await conn.BeginBinaryImportAsync(CapacitySql.CopyStaging, ct))
        {
            var json = pending.ContentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase);
            await parser.ParseAsync(body, json, row =>
            {
                WriteRow(copy, row);
                if (row.Line % 100_000 == 0) progress?.Report(row.Line);
                return ValueTask.CompletedTask;
            }, ct);
            await copy.CompleteAsync(ct);
        }
        await conn.ExecuteAsync(new CommandDefinition("ANALYZE capacity_staging", transaction: tx, cancellationToken: ct));
        log.LogDebug("capacity upload {Upload}: {Rows} lines parsed and copied in {Ms} ms", id, parser.Rows, clock.ElapsedMilliseconds);

        var args = new { id, carrier = pending.CarrierId, cap = options.MaxStoredErrors };
        async Task CheckAsync(string problems)
        {
            var found = (await conn.QueryAsync<RowError>(new CommandDefinition($"{problems} LIMIT @cap", args, tx, cancellationToken: ct, commandTimeout: 0))).ToList();
            var total = found.Count < options.MaxStoredErrors ? found.Count
                : await conn.ExecuteScalarAsync<long>(new CommandDefinition($"SELECT count(*) FROM ({problems}) p", args, tx, cancellationToken: ct, commandTimeout: 0));
            errors.AddCounted(found, total);
        }
        await CheckAsync($"{CapacitySql.NetworkProblems} ORDER BY line");
        if (await conn.ExecuteScalarAsync<bool>(new CommandDefinition(CapacitySql.AnyOverlap, args, tx, cancellationToken: ct, commandTimeout: 0)))
            await CheckAsync(CapacitySql.Overlaps);
        log.LogDebug("capacity upload {Upload}: checked at {Ms} ms", id, clock.ElapsedMilliseconds);

        if (errors.Total > 0)
        {
            await tx.RollbackAsync(ct);   // nothing of a rejected file stays
            await using var done = await conn.BeginTransactionAsync(ct);   // the verdict and the body's removal together
            await FinishAsync(conn, done, id, accepted: false, parser.Rows, 0, errors, ct);
            await done.CommitAsync(ct);
            log.LogInformation("capacity upload {Upload} rejected: {Errors} bad lines", id, errors.Total);
        }
        else
        {
            // One load appends at a time, so versions follow the order uploads were accepted in.
            await conn.ExecuteLockAsync(tx, "capacity-merge", ct);
            var version = await conn.ExecuteScalarAsync<long>(new CommandDefinition("SELECT nextval('capacity_version')", transaction: tx, cancellationToken: ct));
            var applied = await conn.ExecuteAsync(new CommandDefinition(CapacitySql.Merge, new { id, carrier = pending.CarrierId, version }, tx, cancellationToken: ct, commandTimeout: 0));
            log.LogDebug("capacity upload {Upload}: merged at {Ms} ms", id, clock.ElapsedMilliseconds);
            await FinishAsync(conn, tx, id, accepted: true, parser.Rows, applied, errors, ct);
            await tx.CommitAsync(ct);
            log.LogInformation("capacity upload {Upload} accepted: {Rows} lines, {Hours} hourly buckets", id, parser.Rows, applied);
        }
        return (await UploadStore.GetAsync(conn, id, ct))!;
    }

    /// <summary>Synchronous writes: they only fill Npgsql's buffer, which flushes itself when full.</summary>
    internal static void WriteRow(NpgsqlBinaryImporter copy, CapacityRow row)
    {
        copy.StartRow();
        copy.Write(row.Line, NpgsqlDbType.Bigint);
        copy.Write(row.Node, NpgsqlDbType.Text);
        copy.Write(row.Kind, NpgsqlDbType.Text);
        copy.Write(row.Start, NpgsqlDbType.TimestampTz);
        copy.Write(row.StartText, NpgsqlDbType.Text);
        copy.Write(row.Hours, NpgsqlDbType.Integer);
        copy.Write(row.Parcels, NpgsqlDbType.Integer);
    }

    private static async Task FinishAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid id, bool accepted, long rows, long applied, CapacityErrors errors, CancellationToken ct)
    {
        await conn.ExecuteAsync(new CommandDefinition("""
            UPDATE uploads
            SET status = @status, rows_total = @rows, rows_applied = @applied,
                error_count = @count, errors = @errors::jsonb, finished_at = now()
            WHERE id = @id
            """, new
        {
            id, status = accepted ? "accepted" : "rejected", rows, applied, count = (int)Math.Min(errors.Total, int.MaxValue),
            errors = JsonSerializer.Serialize(errors.Kept, Json),
        }, tx, cancellationToken: ct));
        await UploadBodies.DeleteAsync(conn, tx, id, ct);
    }
}
