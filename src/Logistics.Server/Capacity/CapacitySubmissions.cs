using Dapper;
using Logistics.Server.Uploads;
using Npgsql;

namespace Logistics.Server.Capacity;

/// <summary>Who sent a capacity file and how; the body itself streams separately.</summary>
internal sealed record CapacitySubmission(string Source, long? ApiKeyId, long? CarrierId, string? IdempotencyKey, string ContentType, string? FileName);

/// <summary>
/// Stores an incoming capacity body as a queued upload, in one transaction: the upload row and
/// its chunks appear together or not at all. Idempotency is decided once the body's hash is known.
/// </summary>
internal static class CapacitySubmissions
{
    public static async Task<SubmitResult> StoreAsync(NpgsqlDataSource db, CapacitySubmission s, Stream body, long maxBytes, IProgress<long>? progress, CancellationToken ct, Guid? id = null)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var uploadId = id ?? Guid.CreateVersion7();
        await conn.ExecuteAsync(new CommandDefinition("""
            INSERT INTO uploads (id, kind, status, source, api_key_id, carrier_id, body_sha256, content_type, file_name, body_bytes)
            VALUES (@id, 'capacity', 'queued', @Source, @ApiKeyId, @CarrierId, '\x', @ContentType, @FileName, 0)
            """, new { id = uploadId, s.Source, s.ApiKeyId, s.CarrierId, s.ContentType, s.FileName }, tx, cancellationToken: ct));
        var (bytes, sha) = await UploadBodies.WriteAsync(conn, tx, uploadId, body, maxBytes, progress, ct);

        if (s.IdempotencyKey is { } key)
        {
            // Serialize requests carrying the same key, so the second sees the first's upload.
            await conn.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_xact_lock(hashtextextended('capacity-idem:' || coalesce(@ApiKeyId, 0) || ':' || @key, 0))",
                new { s.ApiKeyId, key }, tx, cancellationToken: ct));
            if (await UploadStore.FindByIdempotencyKeyAsync(conn, tx, "capacity", s.ApiKeyId, key, ct) is { } earlier)
            {
                await tx.RollbackAsync(ct);   // nothing of this request is kept
                return earlier.Sha.AsSpan().SequenceEqual(sha)
                    ? new SubmitResult(earlier.Status, Replayed: true)
                    : throw new IdempotencyConflictException(earlier.Status.Id);
            }
        }
        await conn.ExecuteAsync(new CommandDefinition(
            "UPDATE uploads SET body_sha256 = @sha, body_bytes = @bytes, idempotency_key = @key WHERE id = @id",
            new { id = uploadId, sha, bytes, key = s.IdempotencyKey }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return new SubmitResult((await UploadStore.GetAsync(conn, uploadId, ct))!, Replayed: false);
    }
}
