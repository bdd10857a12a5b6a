using System.Text;
using Dapper;
using Npgsql;
using NpgsqlTypes;

namespace Logistics.Server.Ingest;

/// <summary>
/// What receiving staged. <see cref="Fatal"/>: the file could not be read on (its shape, UTF-8, header);
/// otherwise its errors are lines skipped (a wrong field count) and the rest still go through the checks.
/// </summary>
internal sealed record Received(string StagingTable, long Rows, IReadOnlyList<RowError> Errors, long ErrorCount, bool Fatal = true);

/// <summary>
/// Streams a CSV body into staging: strict UTF-8, RFC 4180 (<see cref="Utf8CsvReader"/>), binary COPY, no per-row round trips and
/// never the whole body in memory. Each line is resolved against the network as it passes: lines
/// that resolve go typed into the upload's own table (the target table's columns plus the line),
/// the rest as text into a second table for the load job's SQL checks to name what is wrong. Shape
/// errors (header, field count, quoting, encoding) are collected here.
/// </summary>
internal static class BulkReceiver
{
    public const int MaxErrorsKept = 1000;

    /// <summary>The typed rows; on the fast path of the load this very table becomes the campaign's partition.</summary>
    public static string StagingTableFor(Guid upload) => $"staging.{TypedNameFor(upload)}";

    public static string TypedNameFor(Guid upload) => $"u_{upload:N}";

    /// <summary>The session lock a receive holds until its upload's row exists (<see cref="BulkIngest.ReceiveAsync"/>).</summary>
    public static string LockKey(Guid upload) => $"bulk-receive:{upload:N}";

    /// <summary>The lines that did not resolve, every field as text.</summary>
    public static string TextTableFor(Guid upload) => $"staging.u_{upload:N}_text";

    /// <summary>Per campaign: the first and last day and the count of the typed rows.</summary>
    public static string CampaignsTableFor(Guid upload) => $"staging.u_{upload:N}_campaigns";

    /// <param name="lines">
    /// the line to report for each record after the header, in order, when the body is another
    /// file's rows rendered as CSV (a JSON array's positions); null: the CSV's own lines.
    /// </param>
    public static async Task<Received> ReceiveCsvAsync(NpgsqlDataSource db, BulkFormat format, Guid upload, Stream body,
        IProgress<long>? progress, CancellationToken ct, IReadOnlyList<long>? lines = null)
    {
        var (typed, text, campaigns) = (StagingTableFor(upload), TextTableFor(upload), CampaignsTableFor(upload));
        var columns = format.Columns.ToList();
        await using var conn = await db.OpenConnectionAsync(ct);
        var resolver = format.Resolver(await BulkLookups.LoadAsync(conn, ct));
        await conn.ExecuteAsync(new CommandDefinition($"""
            CREATE TABLE {text} (line bigint NOT NULL, {string.Join(", ", columns.Select(c => $"{c} text NOT NULL"))});
            CREATE TABLE {campaigns} (campaign_id bigint NOT NULL, first_day date NOT NULL, last_day date NOT NULL, rows bigint NOT NULL);
            """, cancellationToken: ct));
        // Created and filled in one transaction: with wal_level minimal the rows skip the WAL.
        await using var tx = await conn.BeginTransactionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition(
            $"CREATE TABLE {typed} (line bigint NOT NULL, {format.TypedColumns}, upload_id uuid NOT NULL DEFAULT '{upload}')", transaction: tx, cancellationToken: ct));

        var csv = new Utf8CsvReader(body);
        var errors = new List<RowError>();
        long errorCount = 0, rows = 0;
        var fatal = false;
        void Error(RowError e) { errorCount++; if (errors.Count < MaxErrorsKept) errors.Add(e); }
        void Fatal(RowError e) { fatal = true; Error(e); }

        var days = new Dictionary<long, (DateOnly First, DateOnly Last, long Rows)>();
        try
        {
            // Its own thread: the loop blocks on the body and on the COPY socket, and a blocked
            // pool thread would starve the pool that delivers the request body (2 cores: 2 threads).
            await Task.Factory.StartNew(StreamRows, ct, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            foreach (var (campaign, d) in days)
                await conn.ExecuteAsync(new CommandDefinition($"INSERT INTO {campaigns} VALUES (@campaign, @first, @last, @rows)",
                    new { campaign, first = d.First.ToDateTime(TimeOnly.MinValue), last = d.Last.ToDateTime(TimeOnly.MinValue), rows = d.Rows }, tx, cancellationToken: ct));
            await tx.CommitAsync(ct);
        }
        catch (CsvFormatException e) { Fatal(e.ToError()); }
        catch (InvalidUtf8Exception e) { Fatal(new RowError(e.Line, "", null, LineRule.NotUtf8, "the file is not valid UTF-8")); }
        if (rows == 0 && errorCount == 0) Fatal(new RowError(1, "", null, LineRule.NoRows, "the file has a header but no rows"));
        // Only lines skipped for their field count: the staged rows are still checked, so every bad line is reported.
        return new Received(typed, rows, errors, errorCount, fatal || rows == 0);

        void StreamRows()
        {
            if (!csv.TryRead() || (csv.FieldCount == 1 && csv[0].IsEmpty))
            {
                Fatal(new RowError(1, "", null, LineRule.EmptyFile, $"the body is empty: expected the header {string.Join(",", format.Required)}"));
                return;
            }
            var header = Enumerable.Range(0, csv.FieldCount).Select(i => Encoding.UTF8.GetString(csv[i]).Trim()).ToList();
            foreach (var e in CsvTable.CheckHeader(header, format.Required, format.Optional)) Fatal(e);
            if (errorCount > 0) return;
            var position = columns.Select(c => header.IndexOf(c)).ToArray();
            var values = new string[columns.Count];

            // The binary format written by hand: per-value calls into Npgsql's importer cost more
            // than the server's whole COPY at millions of rows.
            var width = (short)(1 + format.TypedNames.Count());
            // FREEZE (the table is new in this transaction): rows land with their hint bits set, so
            // building the key and every later read need not rewrite each page once more.
            var stream = conn.BeginRawBinaryCopy($"COPY {typed} (line, {string.Join(", ", format.TypedNames)}) FROM STDIN (FORMAT BINARY, FREEZE)");
            NpgsqlConnection? textConn = null;
            NpgsqlBinaryImporter? textCopy = null;
            try
            {
                var copy = new BinaryCopyWriter(stream);
                var record = 0;
                // A record the reader refuses is reported at the JSON row it came from, not at the line of the CSV rendered from them.
                bool Next()
                {
                    try { return csv.TryRead(); }
                    catch (CsvFormatException e) when (lines is { Count: > 0 })
                    {
                        throw new CsvFormatException(lines[Math.Min(record, lines.Count - 1)], e.Reason, e.Rule);
                    }
                }
                while (Next())
                {
                    if (csv.FieldCount == 1 && csv[0].IsEmpty) continue;   // a blank line
                    var line = lines is null ? csv.RecordLine : lines[record++];
                    if (csv.FieldCount != header.Count)
                    {
                        Error(new RowError(line, "", null, LineRule.FieldCount, $"expected {header.Count} fields, found {csv.FieldCount}"));
                        continue;
                    }
                    for (var i = 0; i < values.Length; i++) values[i] = position[i] < 0 ? "" : Encoding.UTF8.GetString(csv[position[i]]).Trim();
                    if (resolver.TryResolve(values))
                    {
                        copy.StartRow(width);
                        copy.Write(line);
                        resolver.Write(copy);
                        var day = resolver.Day;
                        days[resolver.CampaignId] = days.TryGetValue(resolver.CampaignId, out var d)
                            ? (day < d.First ? day : d.First, day > d.Last ? day : d.Last, d.Rows + 1)
                            : (day, day, 1);
                    }
                    else
                    {
                        // Rare: a second connection so the typed COPY can stream on.
                        if (textCopy is null)
                        {
                            textConn = db.OpenConnection();
                            textCopy = textConn.BeginBinaryImport($"COPY {text} (line, {string.Join(", ", columns)}) FROM STDIN (FORMAT BINARY)");
                        }
                        textCopy.StartRow();
                        textCopy.Write(line, NpgsqlDbType.Bigint);
                        foreach (var v in values) textCopy.Write(v, NpgsqlDbType.Text);
                    }
                    if (++rows % 100_000 == 0) progress?.Report(rows);
                }
                copy.Complete();
                textCopy?.Complete();
            }
            catch
            {
                // Nothing half-read may land: an unfinished COPY is cancelled, not ended.
                stream.Cancel();
                throw;
            }
            finally
            {
                stream.Dispose();
                textCopy?.Dispose();
                textConn?.Dispose();
            }
        }
    }

    public static Task DropAsync(NpgsqlConnection conn, Guid upload, NpgsqlTransaction? tx = null) =>
        conn.ExecuteAsync(new CommandDefinition(
            $"DROP TABLE IF EXISTS {StagingTableFor(upload)}, {TextTableFor(upload)}, {CampaignsTableFor(upload)}", transaction: tx));
}
