using System.Text.Json;
using Dapper;
using Logistics.Server.Infrastructure;
using Logistics.Server.Ingest;
using Logistics.Server.Storage;
using Logistics.Server.Uploads;
using Npgsql;

namespace Logistics.Server.Capacity;

/// <summary>
/// Loads one staged capacity upload, all or nothing, in one transaction: re-check the staged hours
/// if the network changed since they were received, then merge them under the next version — a small upload into
/// the shared partition, a large one by turning its staging table into a partition of its own with
/// its index built in bulk. Overlapping lines are refused by the history's unique index. A crash at
/// any point rolls the whole load back; the upload stays pending with its staging table and can
/// simply run again (CapacitySweepJob gives up after Capacity:MaxLoadAttempts starts).
/// </summary>
internal sealed class CapacityLoader(NpgsqlDataSource db, CapacityOptions options, ILogger<CapacityLoader> log)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private sealed record Pending(UploadState Status, long? CarrierId, long? RowsTotal, long? NetworkGeneration);

    public async Task<UploadStatus> LoadAsync(Guid id, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        // Visible at once, outside the load's transaction: someone is on it, and how many times it was tried.
        await conn.ExecuteAsync(new CommandDefinition($"""
            UPDATE uploads SET status = '{UploadStates.Processing}', started_at = coalesce(started_at, now()), load_attempts = load_attempts + 1
            WHERE id = @id AND kind = '{UploadKinds.Capacity}' AND status IN ('{UploadStates.Queued}', '{UploadStates.Processing}')
            """, new { id }, cancellationToken: ct));

        await UploadStore.ProgressAsync(db, id, "merging", 0, ct);
        await FaultPoint.ReachAsync(FaultPoint.CapacityLoading, ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        // The row lock makes a second runner of the same upload wait, then find it finished.
        var pending = await conn.QuerySingleOrDefaultAsync<Pending>(new CommandDefinition(
            $"SELECT status, carrier_id, rows_total, network_generation FROM uploads WHERE id = @id AND kind = '{UploadKinds.Capacity}' FOR UPDATE",
            new { id }, tx, cancellationToken: ct)) ?? throw new InvalidOperationException($"no capacity upload {id}");
        if (pending.Status is not (UploadState.Queued or UploadState.Processing))
        {
            await tx.RollbackAsync(ct);
            return (await UploadStore.GetAsync(conn, id, ct))!;
        }
        var staged = CapacitySql.StagingTableFor(id);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var errors = new CapacityErrors(options.MaxStoredErrors);
        var applied = (await CapacityMerge.RunAsync(conn, tx, new StagedUpload(id, pending.CarrierId, pending.NetworkGeneration), errors, wait: true, log, ct))!.Value;
        await FaultPoint.ReachAsync(FaultPoint.CapacityMerged, ct);

        if (errors.Total > 0)
        {
            await tx.RollbackAsync(ct);   // nothing of a rejected file stays
            await using var done = await conn.BeginTransactionAsync(ct);   // the verdict and the staging table's removal together
            await FinishAsync(conn, done, id, UploadState.Rejected, 0, errors, ct);
            await conn.ExecuteAsync(new CommandDefinition($"DROP TABLE IF EXISTS {staged}", transaction: done, cancellationToken: ct));
            await done.CommitAsync(ct);
            log.LogInformation("capacity upload {Upload} rejected: {Errors} bad lines", id, errors.Total);
        }
        else
        {
            await FinishAsync(conn, tx, id, UploadState.Accepted, applied, errors, ct);
            await tx.CommitAsync(ct);
            log.LogInformation("capacity upload {Upload} accepted: {Rows} lines, {Hours} hourly buckets in {Ms} ms", id, pending.RowsTotal, applied, clock.ElapsedMilliseconds);
        }
        return (await UploadStore.GetAsync(conn, id, ct))!;
    }

    /// <summary>Gives up on an upload whose load never finished: failed, with the reason, and its staging table dropped.</summary>
    public static async Task FailAsync(NpgsqlConnection conn, Guid id, string reason, CancellationToken ct)
    {
        await using var tx = await conn.BeginTransactionAsync(ct);
        var errors = new CapacityErrors(1);
        errors.Add(new RowError(0, "", null, LineRule.LoadFailed, reason));
        await FinishAsync(conn, tx, id, UploadState.Failed, 0, errors, ct);
        await conn.ExecuteAsync(new CommandDefinition($"DROP TABLE IF EXISTS {CapacitySql.StagingTableFor(id)}", transaction: tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
    }

    /// <summary>The upload's verdict (the request's own load sets started_at too).</summary>
    internal static Task FinishAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid id, UploadState status, long applied, CapacityErrors errors, CancellationToken ct) =>
        conn.ExecuteAsync(new CommandDefinition("""
            UPDATE uploads
            SET status = @status, rows_applied = @applied, error_count = @count, errors = @errors::jsonb, started_at = coalesce(started_at, now()), finished_at = clock_timestamp(),
                phase = NULL, rows_done = NULL
            WHERE id = @id
            """, new
        {
            id, status, applied, count = (int)Math.Min(errors.Total, int.MaxValue), errors = JsonSerializer.Serialize(errors.Kept, Json),
        }, tx, cancellationToken: ct));
}
