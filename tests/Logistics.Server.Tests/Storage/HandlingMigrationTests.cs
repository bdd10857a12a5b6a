using Dapper;
using Logistics.Server.Capacity;
using Logistics.Server.Storage;
using Logistics.Server.Tests.Support;
using Npgsql;

namespace Logistics.Server.Tests.Storage;

/// <summary>
/// 0021 lets the bulky capacity kinds into the history on a database that already has a large
/// upload's own partition and a staged upload waiting to become one, both made with the old check;
/// 0022 puts the handling class into the outcomes' key under rows stored and staged before it;
/// 0023 gives windows and line-hauls their class, the ones published before it reading as parcels.
/// </summary>
public sealed class HandlingMigrationTests
{
    // The row check as 0013 wrote it, and as every staging table and partition carried it until 0021.
    private const string OldCheck = """
        CONSTRAINT capacity_history_row_check CHECK (
            parcels >= 0
            AND date_bin('1 hour', hour, timestamptz '2000-01-01 00:00:00+00') = hour
            AND CASE kind WHEN 'outbound' THEN carrier_id IS NULL WHEN 'sort' THEN carrier_id IS NOT NULL WHEN 'pickup' THEN carrier_id IS NOT NULL ELSE false END)
        """;

    private static string OldStaging(string table) => $"""
        CREATE TABLE {table} (
            kind text NOT NULL, node_id bigint NOT NULL, carrier_id bigint, hour timestamptz NOT NULL, parcels integer NOT NULL,
            line bigint NOT NULL, start_text text, start_offset smallint,
            {OldCheck}
        )
        """;

    [Fact]
    public async Task Old_partitions_and_staged_uploads_take_the_new_check_and_bulky_rows_go_in()
    {
        var (source, all) = await MigratedDatabase.BeforeAsync("0021");
        await using var db = source;
        await using var conn = await db.OpenConnectionAsync();

        // A large upload loaded before 0021: its staging table became partition 7, the old check with it.
        var old = Guid.NewGuid();
        await conn.ExecuteAsync(OldStaging(CapacitySql.StagingTableFor(old)));
        await conn.ExecuteAsync($"INSERT INTO {CapacitySql.StagingTableFor(old)} VALUES ('sort', 1, 1, '2026-11-10 16:00+00', 900, 2, null, null)");
        foreach (var sql in CapacitySql.OwnPartition(CapacitySql.StagingTableFor(old), old, 7)) await conn.ExecuteAsync(sql);
        // A large upload received before 0021 and loaded after it.
        var waiting = Guid.NewGuid();
        await conn.ExecuteAsync(OldStaging(CapacitySql.StagingTableFor(waiting)));
        await conn.ExecuteAsync($"INSERT INTO {CapacitySql.StagingTableFor(waiting)} VALUES ('pickup', 2, 1, '2026-11-10 16:00+00', 500, 2, null, null)");

        await new MigrationRunner(db, all).MigrateAsync();

        await conn.ExecuteAsync(
            "INSERT INTO capacity_history (kind, node_id, carrier_id, hour, parcels, version, upload_id, segment) VALUES ('bulky_sort', 1, 1, '2026-11-10 16:00+00', 40, 8, @id, 0)",
            new { id = Guid.NewGuid() });
        await conn.ExecuteAsync($"INSERT INTO {CapacitySql.StagingTableFor(waiting)} VALUES ('bulky_pickup', 2, 1, '2026-11-10 16:00+00', 12, 3, null, null)");
        foreach (var sql in CapacitySql.OwnPartition(CapacitySql.StagingTableFor(waiting), waiting, 9)) await conn.ExecuteAsync(sql);
        var rows = (await conn.QueryAsync<string>("SELECT kind || ' ' || parcels || ' ' || segment FROM capacity_history ORDER BY segment, kind")).ToList();
        Assert.Equal(["bulky_sort 40 0", "sort 900 7", "bulky_pickup 12 9", "pickup 500 9"], rows);

        // The database's own guard still refuses what no kind allows.
        var refused = await Assert.ThrowsAsync<PostgresException>(() => conn.ExecuteAsync(
            "INSERT INTO capacity_history (kind, node_id, carrier_id, hour, parcels, version, upload_id, segment) VALUES ('bulky_sort', 1, null, '2026-11-10 16:00+00', 40, 10, @id, 0)",
            new { id = Guid.NewGuid() }));
        Assert.Equal(PostgresErrorCodes.CheckViolation, refused.SqlState);
        await conn.ExecuteAsync("INSERT INTO categories (code, name, handling) VALUES ('appliances', 'Appliances', 'bulky')");
        await Assert.ThrowsAsync<PostgresException>(() => conn.ExecuteAsync("INSERT INTO categories (code, name, handling) VALUES ('x', 'x', 'heavy')"));
    }

    [Fact]
    public async Task Outcomes_stored_or_staged_before_0022_are_parcels_and_a_bulky_row_of_the_same_hour_goes_in_beside_them()
    {
        var (source, all) = await MigratedDatabase.BeforeAsync("0022");
        await using var db = source;
        await using var conn = await db.OpenConnectionAsync();
        await conn.ExecuteAsync("""
            INSERT INTO campaigns (id, code, name, time_zone, sale_days, horizon_start, horizon_end) OVERRIDING SYSTEM VALUE
            VALUES (1, 'C', 'c', 'UTC', '{2025-11-11}', '2025-11-01', '2025-11-14');
            CREATE TABLE demand_outcomes_c1 PARTITION OF demand_outcomes FOR VALUES IN (1);
            INSERT INTO demand_outcomes (campaign_id, merchant_id, warehouse_id, carrier_id, region_id, day, hour, parcels, upload_id)
            VALUES (1, 1, 1, 1, 1, '2025-11-11', 9, 240, gen_random_uuid());
            -- An outcomes upload received but not loaded: its typed and its text staging.
            CREATE TABLE staging.u_0123 (line bigint NOT NULL, campaign_id bigint NOT NULL, merchant_id bigint NOT NULL, warehouse_id bigint NOT NULL,
                carrier_id bigint NOT NULL, region_id bigint NOT NULL, day date NOT NULL, hour smallint NOT NULL, parcels bigint NOT NULL, upload_id uuid NOT NULL);
            INSERT INTO staging.u_0123 VALUES (2, 1, 1, 1, 1, 1, '2025-11-11', 10, 5, gen_random_uuid());
            CREATE TABLE staging.u_0123_text (line bigint NOT NULL, campaign text NOT NULL, merchant text NOT NULL, warehouse text NOT NULL,
                carrier text NOT NULL, region text NOT NULL, date text NOT NULL, hour text NOT NULL, parcels text NOT NULL);
            INSERT INTO staging.u_0123_text VALUES (3, 'C', 'M', 'W', 'K', 'R', '2025-11-11', '11', '6');
            -- A signals upload's typed staging has no carrier, and no class.
            CREATE TABLE staging.u_0456 (line bigint NOT NULL, campaign_id bigint NOT NULL, category text NOT NULL);
            """);

        await new MigrationRunner(db, all).MigrateAsync();

        await conn.ExecuteAsync("""
            INSERT INTO demand_outcomes (campaign_id, merchant_id, warehouse_id, carrier_id, region_id, day, hour, parcels, upload_id, handling)
            VALUES (1, 1, 1, 1, 1, '2025-11-11', 9, 12, gen_random_uuid(), 'bulky')
            """);
        Assert.Equal(["9 bulky 12", "9 parcel 240"],
            await conn.QueryAsync<string>("SELECT hour || ' ' || handling || ' ' || parcels FROM demand_outcomes ORDER BY hour, handling"));
        var twice = await Assert.ThrowsAsync<PostgresException>(() => conn.ExecuteAsync("""
            INSERT INTO demand_outcomes (campaign_id, merchant_id, warehouse_id, carrier_id, region_id, day, hour, parcels, upload_id)
            VALUES (1, 1, 1, 1, 1, '2025-11-11', 9, 1, gen_random_uuid())
            """));
        Assert.Equal(PostgresErrorCodes.UniqueViolation, twice.SqlState);
        Assert.Equal("parcel", await conn.ExecuteScalarAsync<string>("SELECT handling FROM staging.u_0123"));
        Assert.Equal("", await conn.ExecuteScalarAsync<string>("SELECT handling FROM staging.u_0123_text"));
        Assert.Equal(0, await conn.ExecuteScalarAsync<int>(
            "SELECT count(*) FROM information_schema.columns WHERE table_schema = 'staging' AND table_name = 'u_0456' AND column_name = 'handling'"));
    }

    [Fact]
    public async Task Windows_and_line_hauls_published_before_0023_read_as_parcels_and_bulky_ones_are_checked()
    {
        var (source, all) = await MigratedDatabase.BeforeAsync("0023");
        await using var db = source;
        await using var conn = await db.OpenConnectionAsync();
        const string window = """
            INSERT INTO merchant_windows (plan_run_id, merchant_id, base_at, warehouse_ids, carrier_ids, hub_ids, start_hours, hours, max_parcels)
            VALUES (@run, 1, '2026-11-01 00:00+08', '{1,1}', '{1,2}', '{1,2}', '{10,12}', '{2,3}', '{40,60}')
            """;
        await conn.ExecuteAsync(window, new { run = 1 });
        await conn.ExecuteAsync("""
            INSERT INTO plan_lane_loads (plan_run_id, carrier, origin, destination, first_hour, planned, unshaved_p50, unshaved_p90)
            VALUES (1, 'SF', 'SF-SH', 'SF-BJ', 30, '{5}', '{6}', '{7}')
            """);

        await new MigrationRunner(db, all).MigrateAsync();

        Assert.Equal(["1 40 parcel", "2 60 parcel"],
            await conn.QueryAsync<string>("SELECT carrier_id || ' ' || max_parcels || ' ' || handling FROM shipment_windows ORDER BY starts_at"));
        Assert.False(await conn.ExecuteScalarAsync<bool>("SELECT bulky FROM plan_lane_loads"));
        await conn.ExecuteAsync(window.Replace("max_parcels)", "max_parcels, bulky)").Replace("'{40,60}')", "'{40,60}', '{false,true}')"), new { run = 2 });
        Assert.Equal(["parcel", "bulky"], await conn.QueryAsync<string>("SELECT handling FROM shipment_windows WHERE plan_run_id = 2 ORDER BY starts_at"));
        var wrong = await Assert.ThrowsAsync<PostgresException>(() =>
            conn.ExecuteAsync(window.Replace("max_parcels)", "max_parcels, bulky)").Replace("'{40,60}')", "'{40,60}', '{true}')"), new { run = 3 }));
        Assert.Equal("merchant_windows_bulky_check", wrong.ConstraintName);
    }
}
