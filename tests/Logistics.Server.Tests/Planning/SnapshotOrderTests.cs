using Dapper;
using Logistics.Domain.Handling;
using Logistics.Domain.Demand;
using Logistics.Server.Planning;

namespace Logistics.Server.Tests.Planning;

/// <summary>
/// The snapshot scans demand partitions in their physical order and restores the primary key's
/// order in process. The forecast numbers units in the order it meets rows, so the columns must
/// hold exactly the rows PostgreSQL's ORDER BY on the key gives, in that order (ids, not codes;
/// categories by the database's collation; categories numbered as first met), whatever order the
/// partition holds them in.
/// </summary>
public sealed class SnapshotOrderTests(SmallWorldHost host) : IClassFixture<SmallWorldHost>
{
    private const string Signals = "demand_signals", Outcomes = "demand_outcomes";
    private const string SignalKey = "merchant_id, warehouse_id, region_id, category, day";
    private const string OutcomeKey = "merchant_id, warehouse_id, carrier_id, region_id, day, hour";

    private async Task<T> WithConnAsync<T>(Func<Npgsql.NpgsqlConnection, Task<T>> f)
    {
        await using var conn = await host.Db.OpenConnectionAsync();
        return await f(conn);
    }

    private static string Campaign(string code) => $"(SELECT id FROM campaigns WHERE code = '{code}')";

    /// <summary>More rows than the small world has, added in a random physical order: a merchant whose id sorts last but whose code sorts first, and categories whose byte order differs from a case-insensitive one.</summary>
    private async Task AddScrambledRowsAsync()
    {
        await WithConnAsync(async conn =>
        {
            if (await conn.ExecuteScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM merchants WHERE code = 'M-AAA')")) return 0;
            await conn.ExecuteAsync("INSERT INTO merchants (code, name) VALUES ('M-AAA', 'Aaa first by code, last by id')");
            await conn.ExecuteAsync($"""
                INSERT INTO demand_signals (campaign_id, merchant_id, warehouse_id, region_id, category, day, page_views, carts, favorites, deposits, presale_orders, upload_id)
                SELECT {Campaign("D11-2026")}, m.id, w.id, r.id, c.category, date '2026-10-01' - d, nullif(d % 3, 0) * 100, d, 7, NULL, d % 2, gen_random_uuid()
                FROM merchants m, warehouses w, regions r, unnest(ARRAY['toys', 'Zebra', 'apparel', 'Apparel', '_misc', 'électronique', '10-pack']) AS c(category), generate_series(0, 4) AS d
                ORDER BY random()
                """);
            return await conn.ExecuteAsync($"""
                INSERT INTO demand_outcomes (campaign_id, merchant_id, warehouse_id, carrier_id, region_id, day, hour, parcels, upload_id)
                SELECT {Campaign("D11-2025")}, m.id, w.id, c.id, r.id, date '2025-10-20' + d, h, d * 24 + h, gen_random_uuid()
                FROM merchants m, warehouses w, carriers c, regions r, generate_series(0, 2) AS d, generate_series(0, 23, 5) AS h
                ORDER BY random()
                """);
        });
    }

    /// <summary>Rows of the partition out of key order when read in physical order.</summary>
    private Task<long> PhysicalBreaksAsync(string table, string key, string campaign) => WithConnAsync(conn => conn.ExecuteScalarAsync<long>($"""
        SELECT count(*) FILTER (WHERE k < p) FROM (SELECT row({key}) AS k, lag(row({key})) OVER (ORDER BY ctid) AS p FROM {table} WHERE campaign_id = {Campaign(campaign)}) x
        """));

    /// <summary>Rewrites a campaign's partition in the key's order, ascending or descending, so its physical order is known.</summary>
    private Task RewriteAsync(string table, string key, string campaign, bool descending) => WithConnAsync(async conn =>
    {
        var order = descending ? string.Join(", ", key.Split(", ").Select(k => k + " DESC")) : key;
        return await conn.ExecuteAsync($"""
            CREATE TEMP TABLE rewrite AS SELECT * FROM {table} WHERE campaign_id = {Campaign(campaign)} ORDER BY {order};
            DELETE FROM {table} WHERE campaign_id = {Campaign(campaign)};
            INSERT INTO {table} SELECT * FROM rewrite;
            DROP TABLE rewrite;
            """);
    });

    private async Task<SnapshotWithDemand> ReadAsync() => await SnapshotReader.ReadAsync(host.Db, "D11-2026", CancellationToken.None);

    private sealed record SignalRecord(string Merchant, string Warehouse, string Region, string Category, DateOnly Day, long? PageViews, long? Carts, long? Favorites, long? Deposits, long? PresaleOrders);
    private sealed record OutcomeRecord(string Merchant, string Warehouse, string Carrier, string Region, DateOnly Day, short Hour, long Parcels, string Handling);

    /// <summary>The rows as PostgreSQL's ORDER BY on the primary key gives them: the order the forecast must meet them in.</summary>
    private Task<List<SignalRecord>> ExpectedSignalsAsync(string campaign) => WithConnAsync(async conn => (await conn.QueryAsync<SignalRecord>($"""
        SELECT m.code AS merchant, w.code AS warehouse, r.code AS region, s.category, s.day, s.page_views, s.carts, s.favorites, s.deposits, s.presale_orders
        FROM demand_signals s JOIN merchants m ON m.id = s.merchant_id JOIN warehouses w ON w.id = s.warehouse_id JOIN regions r ON r.id = s.region_id
        WHERE s.campaign_id = {Campaign(campaign)}
        ORDER BY s.merchant_id, s.warehouse_id, s.region_id, s.category, s.day
        """)).AsList());

    private Task<List<OutcomeRecord>> ExpectedOutcomesAsync(string campaign) => WithConnAsync(async conn => (await conn.QueryAsync<OutcomeRecord>($"""
        SELECT m.code AS merchant, w.code AS warehouse, c.code AS carrier, r.code AS region, o.day, o.hour, o.parcels, o.handling
        FROM demand_outcomes o JOIN merchants m ON m.id = o.merchant_id JOIN warehouses w ON w.id = o.warehouse_id
        JOIN carriers c ON c.id = o.carrier_id JOIN regions r ON r.id = o.region_id
        WHERE o.campaign_id = {Campaign(campaign)}
        ORDER BY o.merchant_id, o.warehouse_id, o.carrier_id, o.region_id, o.day, o.hour, o.handling
        """)).AsList());

    private static void AssertSame(List<SignalRecord> expected, SignalColumns rows)
    {
        Assert.Equal(expected.Count, rows.Rows);
        // Categories are numbered as first met in key order, as an ordered read numbered them.
        Assert.Equal(expected.Select(e => e.Category).Distinct(), rows.Categories.Codes);
        for (var i = 0; i < rows.Rows; i++)
        {
            var actual = new SignalRecord(rows.Merchants[rows.Merchant(i)], rows.Warehouses[rows.Warehouse(i)], rows.Regions[rows.Region(i)],
                rows.Categories[rows.Category(i)], DateOnly.FromDayNumber(rows.Day(i)),
                rows.CountOrNull(i, SignalColumns.PageViews), rows.CountOrNull(i, SignalColumns.Carts), rows.CountOrNull(i, SignalColumns.Favorites),
                rows.CountOrNull(i, SignalColumns.Deposits), rows.CountOrNull(i, SignalColumns.PresaleOrders));
            Assert.Equal(expected[i], actual);
        }
    }

    private static void AssertSame(List<OutcomeRecord> expected, OutcomeColumns rows)
    {
        Assert.Equal(expected.Count, rows.Rows);
        for (var i = 0; i < rows.Rows; i++)
            Assert.Equal(expected[i], new OutcomeRecord(rows.Merchants[rows.Merchant(i)], rows.Warehouses[rows.Warehouse(i)], rows.Carriers[rows.Carrier(i)],
                rows.Regions[rows.Region(i)], DateOnly.FromDayNumber(rows.Day(i)), (short)rows.Hour(i), rows.Parcels(i), HandlingClasses.Name(rows.Handling(i))));
    }

    private async Task<string> AssertKeyOrderAsync()
    {
        var snapshot = await ReadAsync();
        AssertSame(await ExpectedSignalsAsync("D11-2026"), snapshot.Demand.Signals);
        var past = Assert.Single(snapshot.Demand.Past);
        AssertSame(await ExpectedSignalsAsync("D11-2025"), past.Signals);
        AssertSame(await ExpectedOutcomesAsync("D11-2025"), past.Outcomes);
        return snapshot.Snapshot.InputHash;
    }

    [Fact]
    public async Task Rows_out_of_key_order_on_disk_are_handed_on_in_key_order_and_any_physical_order_gives_the_same_columns()
    {
        await AddScrambledRowsAsync();
        Assert.True(await PhysicalBreaksAsync(Signals, SignalKey, "D11-2026") > 0, "the test needs signals out of key order on disk");
        Assert.True(await PhysicalBreaksAsync(Outcomes, OutcomeKey, "D11-2025") > 0, "the test needs outcomes out of key order on disk");
        var scrambled = await AssertKeyOrderAsync();

        foreach (var descending in new[] { false, true })
        {
            await RewriteAsync(Signals, SignalKey, "D11-2026", descending);
            await RewriteAsync(Outcomes, OutcomeKey, "D11-2025", descending);
            Assert.Equal(descending, await PhysicalBreaksAsync(Signals, SignalKey, "D11-2026") > 0);
            Assert.Equal(descending, await PhysicalBreaksAsync(Outcomes, OutcomeKey, "D11-2025") > 0);
            Assert.Equal(scrambled, await AssertKeyOrderAsync());
        }

        // An update moves a row's version elsewhere on disk: still the same order, and the digest follows the value.
        await WithConnAsync(conn => conn.ExecuteAsync($"UPDATE demand_signals SET carts = carts + 1 WHERE campaign_id = {Campaign("D11-2026")} AND category = 'Zebra'"));
        var updated = await AssertKeyOrderAsync();
        Assert.NotEqual(scrambled, updated);
        await WithConnAsync(conn => conn.ExecuteAsync($"UPDATE demand_signals SET carts = carts - 1 WHERE campaign_id = {Campaign("D11-2026")} AND category = 'Zebra'"));
        Assert.Equal(scrambled, await AssertKeyOrderAsync());
    }

    /// <summary>
    /// Ids in 0..int.MaxValue go packed two to an int8 (and days as offsets from 2000-01-01, with the
    /// outcome's hour); a larger id anywhere sends every field on its own. Both must give the rows of
    /// ORDER BY, days before 2000 included: an id of int.MaxValue still packs, and ids past 32 bits,
    /// in the high half (a merchant) and the low half (a warehouse), must not.
    /// </summary>
    [Fact]
    public async Task Packed_and_unpacked_reads_give_the_rows_of_order_by_days_before_2000_included()
    {
        const long max = int.MaxValue, wideMerchant = 5_000_000_000, wideWarehouse = 6_000_000_001;
        await AddScrambledRowsAsync();
        try
        {
            await WithConnAsync(conn => conn.ExecuteAsync($"""
                INSERT INTO merchants (id, code, name) OVERRIDING SYSTEM VALUE VALUES ({max}, 'M-MAX', 'the largest id that packs');
                INSERT INTO demand_signals (campaign_id, merchant_id, warehouse_id, region_id, category, day, carts, upload_id)
                SELECT {Campaign("D11-2026")}, m.id, w.id, r.id, 'toys', date '1999-12-31' - d, d + 1, gen_random_uuid()
                FROM merchants m, warehouses w, regions r, generate_series(0, 1) AS d;
                INSERT INTO demand_outcomes (campaign_id, merchant_id, warehouse_id, carrier_id, region_id, day, hour, parcels, upload_id)
                SELECT {Campaign("D11-2025")}, m.id, w.id, c.id, r.id, date '1999-12-31' - d, h, 5 + h, gen_random_uuid()
                FROM merchants m, warehouses w, carriers c, regions r, generate_series(0, 1) AS d, unnest(ARRAY[0, 23]) AS h;
                -- Bulky goods in the same hours: the class is part of the key, packed as the lowest bit.
                INSERT INTO demand_outcomes (campaign_id, merchant_id, warehouse_id, carrier_id, region_id, day, hour, parcels, upload_id, handling)
                SELECT {Campaign("D11-2025")}, m.id, w.id, c.id, r.id, date '1999-12-31' - d, h, 2 + h, gen_random_uuid(), 'bulky'
                FROM merchants m, warehouses w, carriers c, regions r, generate_series(0, 1) AS d, unnest(ARRAY[0, 23]) AS h
                """));
            Assert.True(await IdsFitInt32Async(), "ids up to int.MaxValue pack");
            await AssertKeyOrderAsync();

            await WithConnAsync(conn => conn.ExecuteAsync($"""
                INSERT INTO merchants (id, code, name) OVERRIDING SYSTEM VALUE VALUES ({wideMerchant}, 'M-WIDE', 'an id past 32 bits');
                INSERT INTO warehouses (id, code, name) OVERRIDING SYSTEM VALUE VALUES ({wideWarehouse}, 'WH-WIDE', 'an id past 32 bits');
                INSERT INTO demand_signals (campaign_id, merchant_id, warehouse_id, region_id, category, day, page_views, upload_id)
                SELECT {Campaign("D11-2026")}, m.id, w.id, r.id, 'toys', date '1999-12-31' + d, 10 * d, gen_random_uuid()
                FROM merchants m, warehouses w, regions r, generate_series(0, 2) AS d
                WHERE m.id = {wideMerchant} OR w.id = {wideWarehouse};
                INSERT INTO demand_outcomes (campaign_id, merchant_id, warehouse_id, carrier_id, region_id, day, hour, parcels, upload_id)
                SELECT {Campaign("D11-2025")}, m.id, w.id, c.id, r.id, date '1999-12-31' + d, 23 - d, 7 * d, gen_random_uuid()
                FROM merchants m, warehouses w, carriers c, regions r, generate_series(0, 2) AS d
                WHERE m.id = {wideMerchant} OR w.id = {wideWarehouse};
                INSERT INTO demand_outcomes (campaign_id, merchant_id, warehouse_id, carrier_id, region_id, day, hour, parcels, upload_id, handling)
                SELECT {Campaign("D11-2025")}, m.id, w.id, c.id, r.id, date '1999-12-31' + d, 23 - d, 3 * d, gen_random_uuid(), 'bulky'
                FROM merchants m, warehouses w, carriers c, regions r, generate_series(0, 2) AS d
                WHERE m.id = {wideMerchant} OR w.id = {wideWarehouse}
                """));
            Assert.False(await IdsFitInt32Async(), "ids past 31 bits are read unpacked");
            await AssertKeyOrderAsync();
        }
        finally
        {
            await WithConnAsync(conn => conn.ExecuteAsync($"""
                DELETE FROM demand_signals WHERE day < '2000-01-01' OR merchant_id IN ({max}, {wideMerchant}) OR warehouse_id = {wideWarehouse};
                DELETE FROM demand_outcomes WHERE day < '2000-01-01' OR merchant_id IN ({max}, {wideMerchant}) OR warehouse_id = {wideWarehouse};
                DELETE FROM merchants WHERE id IN ({max}, {wideMerchant});
                DELETE FROM warehouses WHERE id = {wideWarehouse};
                """));
        }
    }

    private Task<bool> IdsFitInt32Async() => WithConnAsync(async conn =>
    {
        await using var tx = await conn.BeginTransactionAsync();
        return (await DemandCodes.ReadAsync(conn, tx, CancellationToken.None)).IdsFitInt32;
    });

    [Fact]
    public async Task Categories_rank_as_the_database_sorts_them()
    {
        var codes = CodeTable.Of(["toys", "Zebra", "apparel", "Apparel", "_misc", "électronique", "10-pack", "a b", "ab"]);
        var sorted = await WithConnAsync(async conn => (await conn.QueryAsync<string>(
            "SELECT c FROM unnest(@codes::text[]) AS c ORDER BY c", new { codes = codes.Codes.ToArray() })).AsList());
        var ranks = await WithConnAsync(conn => DemandReader.CollationRanksAsync(conn, null, codes, CancellationToken.None));
        Assert.Equal(sorted, codes.Codes.OrderBy(c => ranks[codes.Find(c)]));
    }
}
