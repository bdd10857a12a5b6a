using Dapper;
using Logistics.Server.Storage;
using Npgsql;

namespace Logistics.Server.Ingest;

/// <summary>One bad line as the checks report it, with the count of all of them.</summary>
internal sealed record StagedError(long Line, string Col, string? Value, string Reason, string Rule, long Total)
{
    public RowError ToError() => new(Line, Col, Value, LineRule.FromCode(Rule), Reason);
}

/// <summary>
/// An upload's staged rows (see <see cref="BulkReceiver"/>) as the load job sees them: checked, then
/// merged into the format's table, inside the job's transaction.
/// </summary>
internal sealed class BulkStaging(Guid upload, BulkFormat format)
{
    private readonly string _typed = BulkReceiver.StagingTableFor(upload);
    private readonly string _text = BulkReceiver.TextTableFor(upload);
    private readonly string _campaigns = BulkReceiver.CampaignsTableFor(upload);

    private string Sql(string s) => s.Replace("{typed}", _typed).Replace("{staged}", _text).Replace("{campaigns}", _campaigns);

    /// <summary>
    /// Every bad line, or none. Lines resolved on arrival need no check but two: that their campaign's
    /// dates still hold (from the per-campaign first and last day) and that no key repeats (building
    /// the primary key finds that in one sort, which the partition needs anyway). The full checks run
    /// over the text-staged lines only, usually none.
    /// </summary>
    /// <returns>the errors (the first <see cref="BulkReceiver.MaxErrorsKept"/>) and the count of lines staged.</returns>
    public async Task<(List<StagedError> Errors, long Total)> CheckAsync(NpgsqlConnection conn, NpgsqlTransaction tx, CancellationToken ct)
    {
        var (textRows, typedRows, datesHold) = await conn.QuerySingleAsync<(long, long, bool)>(new CommandDefinition(Sql("""
            SELECT (SELECT count(*) FROM {staged}),
                   (SELECT coalesce(sum(rows), 0)::bigint FROM {campaigns}),
                   (SELECT coalesce(bool_and(s.first_day >= c.horizon_start - 90 AND s.last_day <= c.horizon_end), true)
                    FROM {campaigns} s JOIN campaigns c ON c.id = s.campaign_id)
            """), transaction: tx, cancellationToken: ct));
        var total = textRows + typedRows;
        if (textRows > 0 || !datesHold)
        {
            var errors = await FindErrorsAsync(conn, tx, textRows > 0, !datesHold, ct);
            if (errors.Count > 0) return (errors, total);
            if (textRows > 0)
            {
                // The network has grown since the upload arrived: its text-staged lines are good now.
                await conn.ExecuteAsync(new CommandDefinition(Sql(format.TextToTyped), transaction: tx, cancellationToken: ct, commandTimeout: 0));
                await conn.ExecuteAsync(new CommandDefinition(Sql("""
                    INSERT INTO {campaigns}
                    SELECT c.id, min(s.date::date), max(s.date::date), count(*) FROM {staged} s JOIN campaigns c ON c.code = s.campaign GROUP BY c.id;
                    TRUNCATE {staged};
                    """), transaction: tx, cancellationToken: ct));
            }
        }

        // A bigger sort memory than the default 64 MB keeps a few million keys off disk.
        await conn.ExecuteAsync(new CommandDefinition("SET LOCAL maintenance_work_mem = '512MB'", transaction: tx, cancellationToken: ct));
        await tx.SaveAsync("primary_key", ct);
        try
        {
            await conn.ExecuteAsync(new CommandDefinition(
                $"ALTER TABLE {_typed} ADD CONSTRAINT {BulkReceiver.TypedNameFor(upload)}_pkey PRIMARY KEY ({format.Key})",
                transaction: tx, cancellationToken: ct, commandTimeout: 0));
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            await tx.RollbackAsync("primary_key", ct);
            return (await FindErrorsAsync(conn, tx, textChecks: false, typedRecheck: false, ct), total);
        }
        return ([], total);
    }

    private async Task<List<StagedError>> FindErrorsAsync(NpgsqlConnection conn, NpgsqlTransaction tx, bool textChecks, bool typedRecheck, CancellationToken ct)
    {
        // Duplicates over every line, typed ones shown as text as they were sent.
        var every = $"({format.TypedAsText} UNION ALL SELECT line, {format.TextKey} FROM {{staged}}) AS u (line, {format.TextKey})";
        IEnumerable<string> checks = [.. textChecks ? format.Checks : [], .. typedRecheck ? [format.TypedRecheck] : Array.Empty<string>(),
            format.Duplicates.Replace("{staged}", every)];
        var union = string.Join("\nUNION ALL\n", checks.Select(c => $"({Sql(c)})"));
        return (await conn.QueryAsync<StagedError>(new CommandDefinition($"""
            SELECT line, col, value, reason, rule, count(*) OVER () AS total
            FROM ({union}) AS e (line, col, value, reason, rule)
            ORDER BY line, col
            LIMIT {BulkReceiver.MaxErrorsKept}
            """, transaction: tx, cancellationToken: ct, commandTimeout: 0))).ToList();
    }

    /// <summary>
    /// Merges the checked rows. A campaign's first load (its partition absent or empty) is a bulk
    /// load: the staged table, already keyed, becomes the partition with no row copied. Otherwise an
    /// upsert in key order, a newer row for a key replacing the older.
    /// </summary>
    /// <returns>rows applied and which way.</returns>
    public async Task<(long Applied, string How)> MergeAsync(NpgsqlConnection conn, NpgsqlTransaction tx, CancellationToken ct)
    {
        var campaigns = (await conn.QueryAsync<(long Id, long Rows)>(new CommandDefinition(
            Sql("SELECT campaign_id, sum(rows)::bigint FROM {campaigns} GROUP BY 1 ORDER BY 1"), transaction: tx, cancellationToken: ct))).ToList();
        var applied = campaigns.Sum(c => c.Rows);
        await conn.ExecuteLockAsync(tx, "demand-partitions", ct);
        foreach (var (campaign, _) in campaigns)
            foreach (var table in DemandTables.Where(t => t != format.Table))
                await conn.ExecuteAsync(new CommandDefinition(
                    $"CREATE TABLE IF NOT EXISTS {table}_c{campaign} PARTITION OF {table} FOR VALUES IN ({campaign})", transaction: tx, cancellationToken: ct));

        if (campaigns is [var (only, _)] && await IsEmptyOrAbsentAsync(conn, tx, $"{format.Table}_c{only}", ct))
        {
            var name = BulkReceiver.TypedNameFor(upload);
            var partition = $"{format.Table}_c{only}";
            // No row is rewritten. The bound is proven by a CHECK before the parent is locked, so
            // attaching need not scan while readers of the parent wait (dropping the empty
            // partition locks the parent to commit).
            await conn.ExecuteAsync(new CommandDefinition($"""
                ALTER TABLE {_typed} ADD CONSTRAINT {name}_bound CHECK (campaign_id = {only});
                DROP TABLE IF EXISTS {partition};
                ALTER TABLE {_typed} DROP COLUMN line;
                ALTER TABLE {_typed} ALTER COLUMN upload_id DROP DEFAULT;
                ALTER TABLE {_typed} SET SCHEMA public;
                ALTER TABLE public.{name} RENAME TO {partition};
                ALTER INDEX public.{name}_pkey RENAME TO {partition}_pkey;
                ALTER TABLE {format.Table} ATTACH PARTITION {partition} FOR VALUES IN ({only});
                ALTER TABLE {partition} DROP CONSTRAINT {name}_bound;
                """, transaction: tx, cancellationToken: ct, commandTimeout: 0));
            return (applied, "bulk load into a new partition");
        }

        if (campaigns.Count > 1 && await AllEmptyOrAbsentAsync(conn, tx, campaigns.Select(c => $"{format.Table}_c{c.Id}"), ct))
        {
            await SplitIntoPartitionsAsync(conn, tx, campaigns.Select(c => c.Id), ct);
            return (applied, $"bulk load into {campaigns.Count} new partitions");
        }

        foreach (var (campaign, _) in campaigns)
            await conn.ExecuteAsync(new CommandDefinition(
                $"CREATE TABLE IF NOT EXISTS {format.Table}_c{campaign} PARTITION OF {format.Table} FOR VALUES IN ({campaign})", transaction: tx, cancellationToken: ct));
        await conn.ExecuteAsync(new CommandDefinition(Sql(format.Merge), transaction: tx, cancellationToken: ct, commandTimeout: 0));
        return (applied, "upsert");
    }

    /// <summary>
    /// A file of several campaigns none of which has rows yet (past campaigns' outcomes, typically):
    /// each campaign's rows are copied once, in key order, into a table shaped like the parent, keyed
    /// in one sort and attached as the campaign's partition, instead of an upsert through the
    /// parent's index row by row, which at national scale (tens of millions of rows) takes minutes.
    /// </summary>
    private async Task SplitIntoPartitionsAsync(NpgsqlConnection conn, NpgsqlTransaction tx, IEnumerable<long> campaigns, CancellationToken ct)
    {
        var columns = string.Join(", ", await conn.QueryAsync<string>(new CommandDefinition("""
            SELECT quote_ident(attname) FROM pg_attribute
            WHERE attrelid = @table::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum
            """, new { table = format.Table }, tx, cancellationToken: ct)));
        var name = BulkReceiver.TypedNameFor(upload);
        foreach (var campaign in campaigns)
        {
            string part = $"{format.Table}_c{campaign}", piece = $"{name}_c{campaign}";
            // LIKE … INCLUDING CONSTRAINTS carries the parent's CHECKs by name, which ATTACH requires;
            // the bound CHECK lets ATTACH skip its scan.
            await conn.ExecuteAsync(new CommandDefinition($"""
                CREATE TABLE staging.{piece} (LIKE {format.Table} INCLUDING CONSTRAINTS);
                INSERT INTO staging.{piece} ({columns})
                SELECT {columns} FROM {_typed} WHERE campaign_id = {campaign} ORDER BY {format.Key};
                ALTER TABLE staging.{piece}
                    ADD CONSTRAINT {piece}_bound CHECK (campaign_id = {campaign}),
                    ADD CONSTRAINT {piece}_pkey PRIMARY KEY ({format.Key});
                DROP TABLE IF EXISTS {part};
                ALTER TABLE staging.{piece} SET SCHEMA public;
                ALTER TABLE public.{piece} RENAME TO {part};
                ALTER INDEX public.{piece}_pkey RENAME TO {part}_pkey;
                ALTER TABLE {format.Table} ATTACH PARTITION {part} FOR VALUES IN ({campaign});
                ALTER TABLE {part} DROP CONSTRAINT {piece}_bound;
                """, transaction: tx, cancellationToken: ct, commandTimeout: 0));
        }
    }

    private static async Task<bool> AllEmptyOrAbsentAsync(NpgsqlConnection conn, NpgsqlTransaction tx, IEnumerable<string> tables, CancellationToken ct)
    {
        foreach (var t in tables)
            if (!await IsEmptyOrAbsentAsync(conn, tx, t, ct)) return false;
        return true;
    }

    private static readonly string[] DemandTables = ["demand_signals", "demand_outcomes"];

    private static async Task<bool> IsEmptyOrAbsentAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string table, CancellationToken ct) =>
        await conn.ExecuteScalarAsync<string?>(new CommandDefinition("SELECT to_regclass(@table)::text", new { table }, tx, cancellationToken: ct)) is null
        || await conn.ExecuteScalarAsync<bool>(new CommandDefinition($"SELECT NOT EXISTS (SELECT 1 FROM {table})", transaction: tx, cancellationToken: ct));
}
