using System.Data;
using System.Globalization;
using System.Text.Json;
using Dapper;
using Logistics.Domain.Alerts;
using Logistics.Domain.Campaigns;
using Logistics.Domain.Capacity;
using Logistics.Domain.Demand;
using Logistics.Domain.Forecasting;
using Logistics.Domain.Network;
using Logistics.Domain.Planning;
using Npgsql;

namespace Logistics.Server.Planning;

/// <summary>Reads a campaign's planning inputs in one REPEATABLE READ, read-only transaction.</summary>
internal static class SnapshotReader
{
    /// <summary>Hours with no capacity uploaded inside a series that has some are treated as unconstrained.</summary>
    public const long Unconstrained = 1_000_000_000;
    public static readonly JsonSerializerOptions StateJson = new(JsonSerializerDefaults.Web);

    private sealed record CampaignRow(long Id, string Code, string Name, string TimeZone, string SaleDays, DateOnly HorizonStart, DateOnly HorizonEnd, int ShipWithinHours);

    /// <param name="progress">Told how long each part took (network and capacity, each demand table), for the operator and the benchmark.</param>
    public static async Task<SnapshotWithDemand> ReadAsync(NpgsqlDataSource db, string campaignCode, CancellationToken ct, IProgress<string>? progress = null)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        void Done(string what)
        {
            progress?.Report(string.Create(CultureInfo.InvariantCulture, $"snapshot: {what} in {watch.Elapsed.TotalSeconds:0.00} s"));
            watch.Restart();
        }
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
        // JIT compiling these plain scans costs more than it saves (0.3 s a query, measured).
        await conn.ExecuteAsync(new CommandDefinition("SET TRANSACTION READ ONLY; SET LOCAL jit = off", transaction: tx, cancellationToken: ct));
        async Task<List<T>> Q<T>(string sql, object? args = null) =>
            (await conn.QueryAsync<T>(new CommandDefinition(sql, args, tx, cancellationToken: ct, commandTimeout: 0))).AsList();

        var row = (await Q<CampaignRow>("""
            SELECT id, code, name, time_zone, array_to_string(sale_days, ',') AS sale_days, horizon_start, horizon_end, ship_within_hours
            FROM campaigns WHERE code = @campaignCode
            """, new { campaignCode })).SingleOrDefault() ?? throw new PlanningException($"no campaign '{campaignCode}'");
        var campaign = ToCampaign(row);

        var network = new NetworkModel(
            await Q<Carrier>("SELECT code, name FROM carriers ORDER BY code"),
            await Q<Hub>("SELECT h.code, h.name, c.code AS carrier, coalesce(r.code, '') AS region FROM hubs h JOIN carriers c ON c.id = h.carrier_id LEFT JOIN regions r ON r.id = h.region_id ORDER BY h.code"),
            await Q<Warehouse>("SELECT w.code, w.name, coalesce(r.code, '') AS region FROM warehouses w LEFT JOIN regions r ON r.id = w.region_id ORDER BY w.code"),
            await Q<Region>("SELECT code, name FROM regions ORDER BY code"),
            await Q<Merchant>("SELECT code, name FROM merchants ORDER BY code"),
            await Q<Lane>("""
                SELECT w.code AS warehouse, h.code AS hub, c.code AS carrier, l.transit_hours
                FROM lanes l JOIN warehouses w ON w.id = l.warehouse_id JOIN hubs h ON h.id = l.hub_id JOIN carriers c ON c.id = l.carrier_id
                ORDER BY w.code, h.code
                """),
            await Q<MerchantWarehouse>("""
                SELECT m.code AS merchant, w.code AS warehouse FROM merchant_warehouses mw
                JOIN merchants m ON m.id = mw.merchant_id JOIN warehouses w ON w.id = mw.warehouse_id ORDER BY m.code, w.code
                """));

        Done("network read");
        var codes = await DemandCodes.ReadAsync(conn, tx, ct);
        // The two most recent finished campaigns with outcomes teach how signals became parcels.
        // Whether a campaign has outcomes is one probe of its rows (a scalar subquery, LIMIT 1): as
        // EXISTS it was planned as a semi-join that read every outcome row, 6.5 s at national scale.
        var pastRows = await Q<CampaignRow>("""
            SELECT c.id, c.code, c.name, c.time_zone, array_to_string(c.sale_days, ',') AS sale_days, c.horizon_start, c.horizon_end, c.ship_within_hours
            FROM campaigns c
            WHERE c.horizon_end < @HorizonStart
              AND (SELECT true FROM demand_outcomes o WHERE o.campaign_id = c.id LIMIT 1)
            ORDER BY c.horizon_end DESC LIMIT 2
            """, new { row.HorizonStart });

        // The large reads go two at a time on connections sharing this transaction's snapshot,
        // the largest (past outcomes) first.
        var exported = await conn.ExecuteScalarAsync<string>(new CommandDefinition("SELECT pg_export_snapshot()", transaction: tx, cancellationToken: ct))
            ?? throw new InvalidOperationException("pg_export_snapshot returned nothing");
        // Each demand table is digested as soon as it is read, beside the other streams (after its
        // read has given its slot and connection back), rather than all of them one after another
        // once every read is done (1.5-2.0 s nationally).
        using var streams = new SnapshotStreams(db, exported, 2, progress, ct);
        var outcomesRead = pastRows.Select(p => DigestedAsync(streams.ReadAsync((c, t) => OutcomesAsync(c, t, p.Id, codes, ct),
            o => $"{o.Rows:N0} outcome rows of {p.Code} read"), SnapshotDigest.Of)).ToList();
        var pastSignalsRead = pastRows.Select(p => DigestedAsync(streams.ReadAsync((c, t) => SignalsAsync(c, t, p.Id, codes, ct),
            s => $"{s.Rows:N0} signal rows of {p.Code} read"), SignalDigest)).ToList();
        var signalsRead = DigestedAsync(streams.ReadAsync((c, t) => SignalsAsync(c, t, row.Id, codes, ct), s => $"{s.Rows:N0} signal rows of {row.Code} read"), SignalDigest);
        var capacitiesRead = streams.ReadAsync((c, t) => CapacitiesAsync(c, t, campaign, ct), c => $"{c.Count:N0} capacity series read");
        await Task.WhenAll([.. outcomesRead, .. pastSignalsRead, signalsRead, capacitiesRead]);
        var (capacities, (signals, signalsDigest)) = (await capacitiesRead, await signalsRead);

        var previous = (await Q<string>("SELECT state::text FROM alerts WHERE campaign_id = @Id AND in_force AND state IS NOT NULL ORDER BY alert_key", new { row.Id }))
            .Select(s => JsonSerializer.Deserialize<Alert>(s, StateJson)!).ToList();
        await tx.CommitAsync(ct);
        Done("demand and capacity read, previous alerts read");

        // A digest of every input, in a fixed order: equal digests mean nothing a run reads has
        // changed, so it would publish the same plan. The previous alerts are left out on purpose:
        // they are the last run's output, and an unchanged world must not re-publish itself.
        using var hash = new SnapshotDigest();
        hash.AddJson(campaign with { SaleDays = campaign.SaleDays.ToArray() }, StateJson);
        hash.AddJson(network, StateJson);
        foreach (var c in capacities) hash.AddJson(c, StateJson);
        foreach (var table in new[] { codes.Merchants, codes.Warehouses, codes.Regions, codes.Carriers }) hash.Add(table, StateJson);
        hash.Add(signalsDigest);
        var asOf = signals.MaxDay() is { } last ? DateOnly.FromDayNumber(last) : campaign.HorizonStart.AddDays(-1);
        hash.AddJson(asOf, StateJson);
        var past = new List<PastColumns>();
        for (var i = 0; i < pastRows.Count; i++)
        {
            var ((pastSignals, pastSignalsDigest), (outcomes, outcomesDigest)) = (await pastSignalsRead[i], await outcomesRead[i]);
            hash.AddJson(pastRows[i].Code, StateJson);
            hash.Add(pastSignalsDigest);
            hash.Add(outcomesDigest);
            past.Add(new PastColumns(ToCampaign(pastRows[i]), pastSignals, outcomes));
        }
        Done("digested");

        return new SnapshotWithDemand(
            new PlanningSnapshot(row.Id, campaign, asOf, network, capacities, previous, hash.Finish()),
            new ForecastColumns(campaign, asOf, signals, past, network));
    }

    private static byte[] SignalDigest(SignalColumns rows) => SnapshotDigest.Of(rows, StateJson);

    /// <summary>A table once read, with its own digest (taken on the thread that finished the read, beside the other streams).</summary>
    private static async Task<(T Rows, byte[] Digest)> DigestedAsync<T>(Task<T> read, Func<T, byte[]> digest)
    {
        var rows = await read;
        return (rows, digest(rows));
    }

    private static Campaign ToCampaign(CampaignRow r) => new(r.Code, r.Name, r.TimeZone,
        r.SaleDays.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(d => DateOnly.ParseExact(d, "yyyy-MM-dd", CultureInfo.InvariantCulture)).ToArray(),
        r.HorizonStart, r.HorizonEnd, r.ShipWithinHours);

    /// <summary>
    /// Every capacity history row of the horizon [from, to), in the table's physical order (no
    /// ORDER BY, no DISTINCT ON: a scan costs PostgreSQL far less than walking the history's index,
    /// and the effective figure of each hour, the latest version's, is picked in process). The hour
    /// goes as PostgreSQL's own timestamp (microseconds), not as a computed offset.
    /// </summary>
    internal static string CapacityQuery(DateTimeOffset from, DateTimeOffset to) => string.Create(CultureInfo.InvariantCulture, $"""
        SELECT kind, node_id, carrier_id, hour, parcels, version
        FROM capacity_history
        WHERE hour >= '{from.UtcDateTime:yyyy-MM-ddTHH:mm:ss}Z' AND hour < '{to.UtcDateTime:yyyy-MM-ddTHH:mm:ss}Z'
        """);

    /// <summary>PostgreSQL's timestamps count microseconds from 2000-01-01 UTC.</summary>
    private static readonly long PostgresEpochTicks = new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc).Ticks;

    private const long MicrosPerHour = 3_600_000_000;

    /// <summary>One bucket of the history (node, kind, carrier): the effective figure of each hour and the version it came from.</summary>
    private sealed class Bucket(int hours)
    {
        public readonly long[] Parcels = Enumerable.Repeat(Unconstrained, hours).ToArray();
        public readonly long[] Versions = Enumerable.Repeat(long.MinValue, hours).ToArray();
    }

    private static async Task<List<CapacitySeries>> CapacitiesAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Campaign campaign, CancellationToken ct)
    {
        var hours = campaign.HorizonHours;
        var from = (campaign.HorizonStartUtc.UtcTicks - PostgresEpochTicks) / 10;
        async Task<Dictionary<long, string>> Codes(string table) =>
            (await conn.QueryAsync<(long Id, string Code)>(new CommandDefinition($"SELECT id, code FROM {table}", transaction: tx, cancellationToken: ct)))
            .ToDictionary(r => r.Id, r => r.Code);
        var (hubs, warehouses, carriers) = (await Codes("hubs"), await Codes("warehouses"), await Codes("carriers"));

        // Buckets by (node id, kind, carrier id; -1 for none): the view's DISTINCT ON groups.
        var buckets = new Dictionary<(long Node, CapacityKind Kind, long Carrier), Bucket>();
        (long, CapacityKind, long) lastKey = default;
        Bucket? last = null;
        await using (var stream = await conn.BeginRawBinaryCopyAsync($"COPY ({CapacityQuery(campaign.HorizonStartUtc, campaign.HorizonEndUtc)}) TO STDOUT (FORMAT BINARY)", ct))
        {
            var copy = await BinaryCopyReader.OpenAsync(stream, 6, ct);
            while (await copy.NextRowAsync(ct))
            {
                var kind = copy.Text() switch { [(byte)'s', ..] => CapacityKind.Sort, [(byte)'p', ..] => CapacityKind.Pickup, _ => CapacityKind.Outbound };
                var key = (copy.Int64(), kind, copy.NullableInt64() ?? -1);
                var hour = HourIndex(copy.Timestamp() - from);
                var (parcels, version) = (copy.Int32(), copy.Int64());
                if (last is null || key != lastKey)
                {
                    if (!buckets.TryGetValue(key, out last)) buckets[key] = last = new Bucket(hours);
                    lastKey = key;
                }
                if (hour >= 0 && hour < hours && version > last.Versions[hour]) (last.Parcels[hour], last.Versions[hour]) = (parcels, version);
            }
        }

        var series = new Dictionary<(CapacityKind, string, string?), long[]>();
        foreach (var ((node, kind, carrier), bucket) in buckets.OrderBy(b => b.Key.Node).ThenBy(b => b.Key.Kind switch { CapacityKind.Outbound => 0, CapacityKind.Pickup => 1, _ => 2 }).ThenBy(b => b.Key.Carrier < 0 ? long.MaxValue : b.Key.Carrier))
        {
            // A sort hub's series is keyed by the hub alone; the planner knows the hub's carrier from the network.
            var key = (kind, kind == CapacityKind.Sort ? hubs[node] : warehouses[node], kind == CapacityKind.Pickup ? carriers[carrier] : null);
            if (!series.TryGetValue(key, out var parcels))
                series[key] = parcels = Enumerable.Repeat(Unconstrained, hours).ToArray();
            for (var h = 0; h < hours; h++)
                if (bucket.Versions[h] != long.MinValue) parcels[h] = bucket.Parcels[h];
        }
        return series.OrderBy(s => s.Key.Item1).ThenBy(s => s.Key.Item2, StringComparer.Ordinal).ThenBy(s => s.Key.Item3, StringComparer.Ordinal)
            .Select(s => new CapacitySeries(s.Key.Item2, s.Key.Item1, s.Key.Item3, s.Value)).ToList();
    }

    /// <summary>
    /// The hour of the horizon a time falls in, rounded half away from zero as PostgreSQL rounds
    /// numeric to int (a zone with a half-hour offset puts whole UTC hours at half hours).
    /// </summary>
    internal static int HourIndex(long microsFromStart)
    {
        var (q, r) = Math.DivRem(microsFromStart, MicrosPerHour);
        if (2 * Math.Abs(r) >= MicrosPerHour) q += Math.Sign(r);
        return (int)Math.Clamp(q, int.MinValue, int.MaxValue);
    }

    /// <summary>How many rows a demand table's campaign partition holds, as PostgreSQL last counted (0 when never counted): the columns' first capacity.</summary>
    private static async Task<int> EstimatedRowsAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string table, long campaignId, CancellationToken ct) =>
        (int)Math.Min(int.MaxValue, await conn.ExecuteScalarAsync<double>(new CommandDefinition(
            "SELECT coalesce((SELECT greatest(reltuples, 0) FROM pg_class WHERE oid = to_regclass(@partition)), 0)::float8",
            new { partition = $"{table}_c{campaignId}" }, tx, cancellationToken: ct)));

    /// <summary>
    /// The signals of a campaign in the partition's physical order (COPY takes no parameters; the
    /// id is a number). No ORDER BY: a sequential scan costs PostgreSQL less than walking the
    /// primary key's index, and <see cref="KeyOrder"/> restores the key's order in process. When
    /// every id is in 0..int.MaxValue (31 bits; <paramref name="packed"/>), two ids or an id and the
    /// day go as one int8: PostgreSQL sends each field through its own output call and the client
    /// frames each one, so fewer fields cost both sides less (see <see cref="OutcomesQuery"/>).
    /// Packed, an infinite day fails in PostgreSQL ("cannot subtract infinite dates"); uploads
    /// accept real dates only.
    /// </summary>
    internal static string SignalsQuery(long campaignId, bool packed = true) => packed
        ? string.Create(CultureInfo.InvariantCulture, $"""
          SELECT (merchant_id << 32) | warehouse_id, (region_id << 32) | ((day - date '2000-01-01')::int8 & 4294967295),
                 category, page_views, carts, favorites, deposits, presale_orders
          FROM demand_signals
          WHERE campaign_id = {campaignId}
          """)
        : string.Create(CultureInfo.InvariantCulture, $"""
          SELECT merchant_id, warehouse_id, region_id, category, day, page_views, carts, favorites, deposits, presale_orders
          FROM demand_signals
          WHERE campaign_id = {campaignId}
          """);

    /// <summary>
    /// The outcomes of a campaign in the partition's physical order (see <see cref="SignalsQuery"/>).
    /// Packed, a row is four int8 fields instead of seven: merchant and warehouse, carrier and
    /// region, day and hour, parcels. At 30,000 merchants that took the outcome tables' read from
    /// 9.1–10.2 s to 6.5–8.0 s (three interleaved runs each, the same digest).
    /// </summary>
    internal static string OutcomesQuery(long campaignId, bool packed = true) => packed
        ? string.Create(CultureInfo.InvariantCulture, $"""
          SELECT (merchant_id << 32) | warehouse_id, (carrier_id << 32) | region_id, (day - date '2000-01-01') * 24::int8 + hour, parcels
          FROM demand_outcomes
          WHERE campaign_id = {campaignId}
          """)
        : string.Create(CultureInfo.InvariantCulture, $"""
          SELECT merchant_id, warehouse_id, carrier_id, region_id, day, hour, parcels
          FROM demand_outcomes
          WHERE campaign_id = {campaignId}
          """);

    /// <summary>
    /// One campaign's signals, streamed by binary COPY straight into columns, then put in the primary
    /// key's order (merchant, warehouse and region id, category, day) unless they came in it: the
    /// forecast numbers units in the order it meets rows, so the same rows must always be handed on
    /// in the same order, whatever order the table holds them in.
    /// </summary>
    private static async Task<SignalColumns> SignalsAsync(NpgsqlConnection conn, NpgsqlTransaction tx, long campaignId, DemandCodes codes, CancellationToken ct)
    {
        var ids = codes.Lookup();
        var rows = new SignalColumns(codes.Merchants, codes.Warehouses, codes.Regions, ids.Categories,
            await EstimatedRowsAsync(conn, tx, "demand_signals", campaignId, ct));
        var packed = codes.IdsFitInt32;
        await using (var stream = await conn.BeginRawBinaryCopyAsync($"COPY ({SignalsQuery(campaignId, packed)}) TO STDOUT (FORMAT BINARY)", ct))
        {
            var copy = await BinaryCopyReader.OpenAsync(stream, packed ? (short)8 : (short)10, ct);
            while (await copy.NextRowAsync(ct))
            {
                int merchant, warehouse, region, category, day;
                if (packed)
                {
                    var ((m, w), (r, d)) = (copy.Pair(), copy.PairWithDay());
                    (merchant, warehouse, region, category, day) = (ids.Merchant(m), ids.Warehouse(w), ids.Region(r), ids.Category(copy.Text()), d);
                }
                else (merchant, warehouse, region, category, day) =
                    (ids.Merchant(copy.Int64()), ids.Warehouse(copy.Int64()), ids.Region(copy.Int64()), ids.Category(copy.Text()), copy.Date());
                rows.Add(merchant, warehouse, region, category, day,
                    copy.NullableInt64(), copy.NullableInt64(), copy.NullableInt64(), copy.NullableInt64(), copy.NullableInt64());
            }
        }
        var categories = await CollationRanksAsync(conn, tx, rows.Categories, ct);
        var (firstDay, days) = DayRange(rows.Rows, rows.Day);
        var (merchants, warehouses, regions) = (codes.MerchantIdRanks, codes.WarehouseIdRanks, codes.RegionIdRanks);
        await InKeyOrderAsync(() => KeyOrder.Of(rows.Rows,
                new(i => merchants[rows.Merchant(i)], merchants.Length), new(i => warehouses[rows.Warehouse(i)], warehouses.Length),
                new(i => regions[rows.Region(i)], regions.Length), new(i => categories[rows.Category(i)], categories.Length),
                new(i => rows.Day(i) - firstDay, days)),
            order => rows.Reorder(order), rows.Trim, ct);
        return rows;
    }

    /// <summary>One past campaign's outcomes, streamed by binary COPY straight into columns, then put in the primary key's order (see <see cref="SignalsAsync"/>).</summary>
    private static async Task<OutcomeColumns> OutcomesAsync(NpgsqlConnection conn, NpgsqlTransaction tx, long campaignId, DemandCodes codes, CancellationToken ct)
    {
        var rows = new OutcomeColumns(codes.Merchants, codes.Warehouses, codes.Carriers, codes.Regions,
            await EstimatedRowsAsync(conn, tx, "demand_outcomes", campaignId, ct));
        var packed = codes.IdsFitInt32;
        await using (var stream = await conn.BeginRawBinaryCopyAsync($"COPY ({OutcomesQuery(campaignId, packed)}) TO STDOUT (FORMAT BINARY)", ct))
        {
            var copy = await BinaryCopyReader.OpenAsync(stream, packed ? (short)4 : (short)7, ct);
            var ids = codes.Lookup();
            while (await copy.NextRowAsync(ct))
                if (packed)
                {
                    var ((m, w), (c, r), (day, hour)) = (copy.Pair(), copy.Pair(), copy.DayHour());
                    rows.Add(ids.Merchant(m), ids.Warehouse(w), ids.Carrier(c), ids.Region(r), day, hour, copy.Int64());
                }
                else rows.Add(ids.Merchant(copy.Int64()), ids.Warehouse(copy.Int64()), ids.Carrier(copy.Int64()), ids.Region(copy.Int64()), copy.Date(), copy.Int16(), copy.Int64());
        }
        var (firstDay, days) = DayRange(rows.Rows, rows.Day);
        var (merchants, warehouses, carriers, regions) = (codes.MerchantIdRanks, codes.WarehouseIdRanks, codes.CarrierIdRanks, codes.RegionIdRanks);
        await InKeyOrderAsync(() => KeyOrder.Of(rows.Rows,
                new(i => merchants[rows.Merchant(i)], merchants.Length), new(i => warehouses[rows.Warehouse(i)], warehouses.Length),
                new(i => carriers[rows.Carrier(i)], carriers.Length), new(i => regions[rows.Region(i)], regions.Length),
                new(i => rows.Day(i) - firstDay, days), new(rows.Hour, OutcomeColumns.NoHour + 1)),
            order => rows.Reorder(order), rows.Trim, ct);
        return rows;
    }

    /// <summary>
    /// One stream restores its key order at a time, process-wide: the sort keys, the permutation and
    /// the scratch buffer the columns are permuted through are hundreds of megabytes for a national
    /// table, and two streams doing it at once had lifted the read's peak from 2.1 to 3.5 GB.
    /// </summary>
    private static readonly SemaphoreSlim Reordering = new(1);

    /// <summary>
    /// A full collection once a table's columns are final, so the arrays its reading, trimming and
    /// reordering left behind are reused by the next table instead of piling up until the GC gets to
    /// them: the read's peak was 1.5–2 GB above what it holds. The heap is a few large arrays of
    /// numbers, so marking it is quick.
    /// </summary>
    private static void LetGoOfOldColumns() => GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: false);

    /// <summary>
    /// Puts a table's columns in key order (<paramref name="order"/> is null when they already are),
    /// one table at a time, then lets go of what that left. The sort keys are let go before the
    /// columns are permuted (in place, through one scratch buffer; a column growth left too large
    /// gets an exact new array instead, which is its trim): after a process's first large read the
    /// collector's budget is large enough to keep all of that garbage around until the table is done,
    /// and a run's snapshot had peaked 1.2–1.5 GB above the same read in a fresh process.
    /// </summary>
    private static async Task InKeyOrderAsync(Func<int[]?> order, Action<int[]> reorder, Action trim, CancellationToken ct)
    {
        await Reordering.WaitAsync(ct);
        try
        {
            if (order() is { } permutation)
            {
                LetGoOfOldColumns();
                reorder(permutation);
            }
            else trim();
            LetGoOfOldColumns();
        }
        finally { Reordering.Release(); }
    }

    /// <summary>The first day and how many days the rows span (1 when there are none).</summary>
    private static (int First, int Count) DayRange(int rows, Func<int, int> day)
    {
        if (rows == 0) return (0, 1);
        var (min, max) = (int.MaxValue, int.MinValue);
        for (var i = 0; i < rows; i++) (min, max) = (Math.Min(min, day(i)), Math.Max(max, day(i)));
        return (min, max - min + 1);
    }

    /// <summary>
    /// Each category's rank in the order PostgreSQL sorts the <c>category</c> column (its collation
    /// is the database's default, which an unnested text[] gets too): the key's order must be the
    /// database's, which need not be ordinal. A few dozen codes, one round trip.
    /// </summary>
    internal static async Task<int[]> CollationRanksAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, CodeTable codes, CancellationToken ct)
    {
        var ranks = new int[codes.Count];
        if (codes.Count == 0) return ranks;
        var sorted = (await conn.QueryAsync<int>(new CommandDefinition(
            "SELECT (u.i - 1)::int FROM unnest(@codes::text[]) WITH ORDINALITY AS u(code, i) ORDER BY u.code",
            new { codes = codes.Codes.ToArray() }, tx, cancellationToken: ct))).AsList();
        for (var rank = 0; rank < sorted.Count; rank++) ranks[sorted[rank]] = rank;
        return ranks;
    }
}

/// <summary>A planning run that cannot proceed for a reason a person can act on.</summary>
internal sealed class PlanningException(string message) : Exception(message);
