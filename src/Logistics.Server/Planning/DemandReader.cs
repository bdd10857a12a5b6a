using System.Globalization;
using Dapper;
using Logistics.Domain.Demand;
using Logistics.Domain.Handling;
using Npgsql;

namespace Logistics.Server.Planning;

/// <summary>
/// The snapshot's demand tables (a campaign's signals, a past campaign's outcomes), streamed by
/// binary COPY into columns and handed on in their primary key's order.
/// </summary>
internal static class DemandReader
{
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
    /// Packed, a row is four int8 fields instead of eight: merchant and warehouse, carrier and
    /// region, day, hour and handling class (a bit), parcels. At 30,000 merchants that took the
    /// outcome tables' read from 9.1–10.2 s to 6.5–8.0 s (three interleaved runs each, the same digest).
    /// </summary>
    internal static string OutcomesQuery(long campaignId, bool packed = true) => packed
        ? string.Create(CultureInfo.InvariantCulture, $"""
          SELECT (merchant_id << 32) | warehouse_id, (carrier_id << 32) | region_id,
                 ((day - date '2000-01-01') * 24::int8 + hour) * 2 + (handling = 'bulky')::int, parcels
          FROM demand_outcomes
          WHERE campaign_id = {campaignId}
          """)
        : string.Create(CultureInfo.InvariantCulture, $"""
          SELECT merchant_id, warehouse_id, carrier_id, region_id, day, hour, parcels, handling = 'bulky'
          FROM demand_outcomes
          WHERE campaign_id = {campaignId}
          """);

    /// <summary>
    /// One campaign's signals, streamed by binary COPY straight into columns, then put in the primary
    /// key's order (merchant, warehouse and region id, category, day) unless they came in it: the
    /// forecast numbers units in the order it meets rows, so the same rows must always be handed on
    /// in the same order, whatever order the table holds them in.
    /// </summary>
    public static async Task<SignalColumns> SignalsAsync(NpgsqlConnection conn, NpgsqlTransaction tx, long campaignId, DemandCodes codes, CancellationToken ct)
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
        await ReorderGate.InKeyOrderAsync(() => KeyOrder.Of(rows.Rows,
                new(i => merchants[rows.Merchant(i)], merchants.Length), new(i => warehouses[rows.Warehouse(i)], warehouses.Length),
                new(i => regions[rows.Region(i)], regions.Length), new(i => categories[rows.Category(i)], categories.Length),
                new(i => rows.Day(i) - firstDay, days)),
            order => rows.Reorder(order), rows.Trim, ct);
        return rows;
    }

    /// <summary>One past campaign's outcomes, streamed by binary COPY straight into columns, then put in the primary key's order (see <see cref="SignalsAsync"/>).</summary>
    public static async Task<OutcomeColumns> OutcomesAsync(NpgsqlConnection conn, NpgsqlTransaction tx, long campaignId, DemandCodes codes, CancellationToken ct)
    {
        var rows = new OutcomeColumns(codes.Merchants, codes.Warehouses, codes.Carriers, codes.Regions,
            await EstimatedRowsAsync(conn, tx, "demand_outcomes", campaignId, ct));
        var packed = codes.IdsFitInt32;
        await using (var stream = await conn.BeginRawBinaryCopyAsync($"COPY ({OutcomesQuery(campaignId, packed)}) TO STDOUT (FORMAT BINARY)", ct))
        {
            var copy = await BinaryCopyReader.OpenAsync(stream, packed ? (short)4 : (short)8, ct);
            var ids = codes.Lookup();
            while (await copy.NextRowAsync(ct))
                if (packed)
                {
                    var ((m, w), (c, r), (day, hour, bulky)) = (copy.Pair(), copy.Pair(), copy.DayHourFlag());
                    rows.Add(ids.Merchant(m), ids.Warehouse(w), ids.Carrier(c), ids.Region(r), day, hour, copy.Int64(), bulky ? HandlingClass.Bulky : HandlingClass.Parcel);
                }
                else rows.Add(ids.Merchant(copy.Int64()), ids.Warehouse(copy.Int64()), ids.Carrier(copy.Int64()), ids.Region(copy.Int64()), copy.Date(), copy.Int16(), copy.Int64(),
                    copy.Bool() ? HandlingClass.Bulky : HandlingClass.Parcel);
        }
        var (firstDay, days) = DayRange(rows.Rows, rows.Day);
        var (merchants, warehouses, carriers, regions) = (codes.MerchantIdRanks, codes.WarehouseIdRanks, codes.CarrierIdRanks, codes.RegionIdRanks);
        // The handling class last, ranked as the key's text sorts it ('bulky' before 'parcel').
        await ReorderGate.InKeyOrderAsync(() => KeyOrder.Of(rows.Rows,
                new(i => merchants[rows.Merchant(i)], merchants.Length), new(i => warehouses[rows.Warehouse(i)], warehouses.Length),
                new(i => carriers[rows.Carrier(i)], carriers.Length), new(i => regions[rows.Region(i)], regions.Length),
                new(i => rows.Day(i) - firstDay, days), new(rows.Hour, OutcomeColumns.NoHour + 1), new(i => rows.Handling(i) == HandlingClass.Bulky ? 0 : 1, 2)),
            order => rows.Reorder(order), rows.Trim, ct);
        return rows;
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
