using System.Security.Cryptography;
using Logistics.Server.Campaigns;
using Logistics.Server.Infrastructure;
using Logistics.Server.Ingest;
using Logistics.Server.Network;
using Logistics.Server.Storage;
using Npgsql;

namespace Logistics.Server.Uploads;

/// <summary>
/// Campaign and network files are small (the national network is ~200k rows): they are validated
/// and applied in the request, in one transaction, and the upload row records the outcome.
/// </summary>
internal sealed class SmallUploadProcessor(NpgsqlDataSource db)
{
    public async Task<SubmitResult> SubmitAsync(UploadRequest request, CancellationToken ct)
    {
        var result = await SubmitBodyAsync(request, ct);
        // A 16 MiB network is held parsed and checked as a few hundred MB of rows, garbage now. Off
        // the submission's stack first: this continuation may run inline under its completion, whose
        // state machine still holds the rows until that returns (RSS stayed at 1.66× idle).
        await Task.Yield();
        MemoryReturn.AfterBody(request.Body.Length);
        return result;
    }

    private async Task<SubmitResult> SubmitBodyAsync(UploadRequest request, CancellationToken ct)
    {
        var sha = SHA256.HashData(request.Body);
        await using var conn = await db.OpenConnectionAsync(ct);

        if (request.IdempotencyKey is { } key &&
            await UploadStore.FindByIdempotencyKeyAsync(conn, null, request.Kind, request.ApiKeyId, key, ct) is { } earlier)
        {
            return earlier.Sha.AsSpan().SequenceEqual(sha)
                ? new SubmitResult(earlier.Status, Replayed: true)
                : throw new IdempotencyConflictException(earlier.Status.Id);
        }

        var id = Guid.CreateVersion7();
        try
        {
            await UploadStore.InsertAsync(conn, null, id, request, sha, UploadState.Processing, ct);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation && request.IdempotencyKey is not null)
        {
            // A concurrent request with the same key won the race: answer as it did.
            return await SubmitBodyAsync(request, ct);
        }

        var (parsed, parseErrors) = Parse(request);
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
            switch (request.Kind)
            {
                case UploadKind.Network:
                {
                    var rows = NetworkValidator.Validate(parsed, await NetworkSnapshot.LoadAsync(conn, tx, ct), report);
                    if (report.Count == 0) applied = await NetworkStore.ApplyAsync(conn, tx, rows, ct);
                    break;
                }
                case UploadKind.Campaigns:
                {
                    var rows = CampaignValidator.Validate(parsed, report);
                    if (report.Count == 0) applied = await CampaignStore.ApplyAsync(conn, tx, rows, ct);
                    break;
                }
                default: throw new ArgumentException($"{UploadKinds.Name(request.Kind)} is not a small upload");
            }
            if (report.Count == 0 && total == 0)
                report.Add(new RowError(1, "", null, LineRule.NoRows, "the file has a header but no rows"));
        }
        var (errors, errorCount) = (report.Kept, report.Total);

        if (errorCount > 0)
        {
            await tx.RollbackAsync(ct);   // nothing of a rejected file stays
            await UploadStore.FinishAsync(conn, null, id, accepted: false, total, 0, errors, ct, errorCount);
        }
        else
        {
            await UploadStore.FinishAsync(conn, tx, id, accepted: true, total, applied, [], ct);
            await tx.CommitAsync(ct);
        }
        return new SubmitResult((await UploadStore.GetAsync(conn, id, ct))!, Replayed: false);
    }

    private static (CsvTable?, IReadOnlyList<RowError>) Parse(UploadRequest r)
    {
        var (required, optional) = r.Kind switch
        {
            UploadKind.Network => (NetworkRow.Required, NetworkRow.Optional),
            UploadKind.Campaigns => (CampaignRow.Required, Array.Empty<string>()),
            _ => throw new ArgumentException(UploadKinds.Name(r.Kind)),
        };
        return r.ContentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase)
            ? JsonRows.Parse(r.Body, required, optional)
            : CsvTable.Parse(r.Body, required, optional);
    }
}
