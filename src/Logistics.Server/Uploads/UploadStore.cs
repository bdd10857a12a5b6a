using System.Text.Json;
using Dapper;
using Logistics.Server.Ingest;
using Npgsql;

namespace Logistics.Server.Uploads;

internal static class UploadStore
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private sealed record Row(
        Guid Id, UploadKind Kind, UploadState Status, string Source, DateTime CreatedAt, DateTime? FinishedAt,
        long? RowsTotal, long? RowsApplied, int ErrorCount, string Errors, byte[] BodySha256, long? ApiKeyId, string? Phase, long? RowsDone);

    private const string Select = """
        SELECT id, kind, status, source, created_at, finished_at, rows_total, rows_applied, error_count,
               errors::text AS errors, body_sha256, api_key_id, phase, rows_done
        FROM uploads
        """;

    public static async Task<UploadStatus?> GetAsync(NpgsqlConnection conn, Guid id, CancellationToken ct)
    {
        var row = await conn.QuerySingleOrDefaultAsync<Row>(new CommandDefinition($"{Select} WHERE id = @id", new { id }, cancellationToken: ct));
        return row is null ? null : ToStatus(row);
    }

    /// <summary>The upload an earlier request made with this key, with its body hash and owner.</summary>
    public static async Task<(UploadStatus Status, byte[] Sha)?> FindByIdempotencyKeyAsync(
        NpgsqlConnection conn, NpgsqlTransaction? tx, UploadKind kind, long? apiKeyId, string key, CancellationToken ct)
    {
        var row = await conn.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"{Select} WHERE kind = @kind AND coalesce(api_key_id, 0) = coalesce(@apiKeyId, 0) AND idempotency_key = @key",
            new { kind, apiKeyId, key }, tx, cancellationToken: ct));
        return row is null ? null : (ToStatus(row), row.BodySha256);
    }

    public static Task InsertAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, Guid id, UploadKind kind, UploadSubmission r, byte[] sha, long bodyBytes, UploadState status, CancellationToken ct) =>
        conn.ExecuteAsync(new CommandDefinition($"""
            INSERT INTO uploads (id, kind, status, source, api_key_id, carrier_id, idempotency_key, body_sha256,
                                 content_type, file_name, body_bytes, started_at)
            VALUES (@id, @Kind, @status, @Source, @ApiKeyId, @CarrierId, @IdempotencyKey, @sha,
                    @ContentType, @FileName, @bytes, CASE WHEN @status = '{UploadStates.Processing}' THEN now() END)
            """, new { id, Kind = kind, status, r.Source, r.ApiKeyId, r.CarrierId, r.IdempotencyKey, sha, r.ContentType, r.FileName, bytes = bodyBytes },
            tx, cancellationToken: ct));

    /// <summary>
    /// How many bad lines an upload's stored report keeps, in the order found; error_count counts
    /// them all. With every value cut (<see cref="RowError"/>) the report has a fixed maximum size.
    /// </summary>
    public const int MaxStoredErrors = 1000;

    /// <param name="errorCount">all errors found, when more than the <paramref name="errors"/> kept.</param>
    public static Task FinishAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, Guid id, bool accepted, long rowsTotal, long rowsApplied,
        IReadOnlyList<RowError> errors, CancellationToken ct, long? errorCount = null) =>
        conn.ExecuteAsync(new CommandDefinition("""
            UPDATE uploads
            SET status = @status, rows_total = @rowsTotal, rows_applied = @rowsApplied,
                error_count = @count, errors = @errors::jsonb, finished_at = clock_timestamp(), phase = NULL, rows_done = NULL
            WHERE id = @id
            """, new
        {
            id, status = accepted ? UploadState.Accepted : UploadState.Rejected, rowsTotal, rowsApplied, count = (int)Math.Min(errorCount ?? errors.Count, int.MaxValue),
            errors = JsonSerializer.Serialize(errors.Take(MaxStoredErrors), Json),
        }, tx, cancellationToken: ct));

    /// <summary>Errors found while receiving that do not stop the load's checks (lines with a wrong field count).</summary>
    public static Task RecordLineErrorsAsync(NpgsqlConnection conn, Guid id, long rowsTotal, IReadOnlyList<RowError> errors, long count, CancellationToken ct) =>
        conn.ExecuteAsync(new CommandDefinition(
            "UPDATE uploads SET rows_total = @rowsTotal, error_count = @count, errors = @errors::jsonb WHERE id = @id",
            new { id, rowsTotal, count = (int)Math.Min(count, int.MaxValue), errors = JsonSerializer.Serialize(errors.Take(MaxStoredErrors), Json) }, cancellationToken: ct));

    /// <summary>What <see cref="RecordLineErrorsAsync"/> kept, for the load to report with its own.</summary>
    public static async Task<(IReadOnlyList<RowError> Errors, long Count)> LineErrorsAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid id, CancellationToken ct)
    {
        var (count, text) = await conn.QuerySingleAsync<(int, string)>(new CommandDefinition(
            "SELECT error_count, errors::text FROM uploads WHERE id = @id", new { id }, tx, cancellationToken: ct));
        return (JsonSerializer.Deserialize<List<RowError>>(text, Json) ?? [], count);
    }

    private static UploadStatus ToStatus(Row r) => new(
        r.Id, UploadKinds.Name(r.Kind), UploadStates.Name(r.Status), r.Source,
        new DateTimeOffset(DateTime.SpecifyKind(r.CreatedAt, DateTimeKind.Utc)),
        r.FinishedAt is { } f ? new DateTimeOffset(DateTime.SpecifyKind(f, DateTimeKind.Utc)) : null,
        r.RowsTotal, r.RowsApplied, r.ErrorCount,
        JsonSerializer.Deserialize<List<RowError>>(r.Errors, Json) ?? [], r.Phase, r.RowsDone);

    /// <summary>
    /// Records how far a load got, on a connection of its own so pollers see it while the load's
    /// transaction is still open. Only before that transaction touches the upload's row.
    /// </summary>
    public static async Task ProgressAsync(NpgsqlDataSource db, Guid id, string phase, long? rowsDone, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition(
            $"UPDATE uploads SET phase = @phase, rows_done = @rowsDone WHERE id = @id AND status = '{UploadStates.Processing}'",
            new { id, phase, rowsDone }, cancellationToken: ct));
    }
}

internal static class UploadOwnership
{
    /// <summary>A carrier owns what it or anyone on its behalf uploaded; anyone owns what their key uploaded.</summary>
    public static Task<bool> IsOwnedByAsync(this NpgsqlConnection conn, Guid id, Auth.Caller caller, CancellationToken ct) =>
        conn.ExecuteScalarAsync<bool>(new CommandDefinition("""
            SELECT EXISTS (SELECT 1 FROM uploads WHERE id = @id AND (api_key_id = @KeyId OR (carrier_id IS NOT NULL AND carrier_id = @CarrierId)))
            """, new { id, caller.KeyId, caller.CarrierId }, cancellationToken: ct));
}
