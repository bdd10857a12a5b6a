using System.Security.Cryptography;
using Dapper;
using Npgsql;
using NpgsqlTypes;

namespace Logistics.Server.Ingest;

/// <summary>What streaming a body into staging found.</summary>
internal sealed record Received(string StagingTable, long Rows, long Bytes, byte[] Sha256, IReadOnlyList<RowError> Errors, long ErrorCount);

/// <summary>
/// Streams a CSV body into its own staging table: strict UTF-8, RFC 4180, one binary COPY, no
/// per-row round trips and never the whole body in memory. Shape errors (header, field count,
/// quoting, encoding) are collected here; content is checked later by the format's SQL.
/// </summary>
internal static class BulkReceiver
{
    public const int MaxErrorsKept = 1000;

    public static string StagingTableFor(Guid upload) => $"staging.u_{upload:N}";

    public static async Task<Received> ReceiveCsvAsync(NpgsqlDataSource db, BulkFormat format, Guid upload, Stream body,
        IProgress<long>? progress, CancellationToken ct)
    {
        var table = StagingTableFor(upload);
        var columns = format.Columns.ToList();
        await using var conn = await db.OpenConnectionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition(
            $"CREATE TABLE {table} (line bigint NOT NULL, {string.Join(", ", columns.Select(c => $"{c} text"))})", cancellationToken: ct));

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using var text = new StrictUtf8Reader(body, hash);
        var csv = new CsvReader(text);
        var errors = new List<RowError>();
        long errorCount = 0, rows = 0;
        void Error(RowError e) { errorCount++; if (errors.Count < MaxErrorsKept) errors.Add(e); }

        var fields = new List<string>();
        try
        {
            if (!csv.TryRead(fields) || (fields.Count == 1 && fields[0].Length == 0))
            {
                Error(new RowError(1, "", null, $"the body is empty: expected the header {string.Join(",", format.Required)}"));
                return new Received(table, 0, text.BytesRead, hash.GetHashAndReset(), errors, errorCount);
            }
            var header = fields.Select(f => f.Trim()).ToList();
            foreach (var e in CsvTable.CheckHeader(header, format.Required, format.Optional)) Error(e);
            if (errorCount > 0) return new Received(table, 0, text.BytesRead, hash.GetHashAndReset(), errors, errorCount);
            var position = columns.Select(c => header.IndexOf(c)).ToArray();

            await using var copy = await conn.BeginBinaryImportAsync(
                $"COPY {table} (line, {string.Join(", ", columns)}) FROM STDIN (FORMAT BINARY)", ct);
            while (csv.TryRead(fields))
            {
                if (fields.Count == 1 && fields[0].Length == 0) continue;   // a blank line
                if (fields.Count != header.Count)
                {
                    Error(new RowError(csv.RecordLine, "", null, $"expected {header.Count} fields, found {fields.Count}"));
                    continue;
                }
                await copy.StartRowAsync(ct);
                await copy.WriteAsync(csv.RecordLine, NpgsqlDbType.Bigint, ct);
                foreach (var p in position)
                    await copy.WriteAsync(p < 0 ? "" : fields[p].Trim(), NpgsqlDbType.Text, ct);
                if (++rows % 1_000_000 == 0) progress?.Report(rows);
            }
            await copy.CompleteAsync(ct);
        }
        catch (CsvFormatException e) { Error(new RowError(e.Line, "", null, e.Reason)); }
        catch (InvalidUtf8Exception e) { Error(new RowError(e.Line, "", null, "the file is not valid UTF-8")); }
        if (rows == 0 && errorCount == 0) Error(new RowError(1, "", null, "the file has a header but no rows"));
        return new Received(table, rows, text.BytesRead, hash.GetHashAndReset(), errors, errorCount);
    }

    public static Task DropAsync(NpgsqlConnection conn, Guid upload, NpgsqlTransaction? tx = null) =>
        conn.ExecuteAsync(new CommandDefinition($"DROP TABLE IF EXISTS {StagingTableFor(upload)}", transaction: tx));
}
