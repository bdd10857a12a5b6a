using Dapper;
using Logistics.Domain.Handling;
using Npgsql;

namespace Logistics.Server.Network;

/// <summary>Applies a validated network file, set-based, inside the caller's transaction.</summary>
internal static class NetworkStore
{
    public static async Task<long> ApplyAsync(NpgsqlConnection conn, NpgsqlTransaction tx, IReadOnlyList<NetworkRow> rows, CancellationToken ct)
    {
        long applied = 0;
        async Task Run(string sql, object args) =>
            applied += await conn.ExecuteAsync(new CommandDefinition(sql, args, tx, cancellationToken: ct, commandTimeout: 0));
        NetworkRow[] Of(string kind) => rows.Where(r => r.Kind == kind).ToArray();
        string? NullIfEmpty(string s) => s.Length == 0 ? null : s;

        var regions = Of("region");
        await Run("""
            INSERT INTO regions (code, name)
            SELECT * FROM unnest(@Codes::text[], @Names::text[])
            ON CONFLICT (code) DO UPDATE SET name = excluded.name
            """, new { Codes = regions.Select(r => r.Code).ToArray(), Names = regions.Select(r => r.Name).ToArray() });

        var carriers = Of("carrier");
        await Run("""
            INSERT INTO carriers (code, name)
            SELECT * FROM unnest(@Codes::text[], @Names::text[])
            ON CONFLICT (code) DO UPDATE SET name = excluded.name
            """, new { Codes = carriers.Select(r => r.Code).ToArray(), Names = carriers.Select(r => r.Name).ToArray() });

        var hubs = Of("hub");
        await Run("""
            INSERT INTO hubs (code, name, carrier_id, region_id)
            SELECT h.code, h.name, c.id, r.id
            FROM unnest(@Codes::text[], @Names::text[], @Carriers::text[], @Regions::text[]) AS h (code, name, carrier, region)
            JOIN carriers c ON c.code = h.carrier
            LEFT JOIN regions r ON r.code = h.region
            ON CONFLICT (code) DO UPDATE SET name = excluded.name, carrier_id = excluded.carrier_id, region_id = excluded.region_id
            """, new
        {
            Codes = hubs.Select(r => r.Code).ToArray(), Names = hubs.Select(r => r.Name).ToArray(),
            Carriers = hubs.Select(r => r.Parent).ToArray(), Regions = hubs.Select(r => NullIfEmpty(r.Region)).ToArray(),
        });

        foreach (var table in new[] { "warehouses", "merchants" })
        {
            var these = Of(table.TrimEnd('s'));
            await Run($"""
                INSERT INTO {table} (code, name, region_id)
                SELECT x.code, x.name, r.id
                FROM unnest(@Codes::text[], @Names::text[], @Regions::text[]) AS x (code, name, region)
                LEFT JOIN regions r ON r.code = x.region
                ON CONFLICT (code) DO UPDATE SET name = excluded.name, region_id = excluded.region_id
                """, new
            {
                Codes = these.Select(r => r.Code).ToArray(), Names = these.Select(r => r.Name).ToArray(),
                Regions = these.Select(r => NullIfEmpty(r.Region)).ToArray(),
            });
        }

        var categories = Of("category");
        await Run("""
            INSERT INTO categories (code, name, handling)
            SELECT * FROM unnest(@Codes::text[], @Names::text[], @Handlings::text[])
            ON CONFLICT (code) DO UPDATE SET name = excluded.name, handling = excluded.handling
            """, new
        {
            Codes = categories.Select(r => r.Code).ToArray(), Names = categories.Select(r => r.Name).ToArray(),
            Handlings = categories.Select(r => HandlingClasses.Name(r.Handling ?? HandlingClass.Parcel)).ToArray(),
        });

        var lanes = Of("lane");
        await Run("""
            INSERT INTO lanes (warehouse_id, hub_id, carrier_id, name, transit_hours)
            SELECT w.id, h.id, c.id, l.name, coalesce(l.transit, 24)
            FROM unnest(@Warehouses::text[], @Hubs::text[], @Carriers::text[], @Names::text[], @Transits::int[])
                 AS l (warehouse, hub, carrier, name, transit)
            JOIN warehouses w ON w.code = l.warehouse
            JOIN hubs h ON h.code = l.hub
            JOIN carriers c ON c.code = l.carrier
            ON CONFLICT (warehouse_id, hub_id) DO UPDATE
                SET carrier_id = excluded.carrier_id, name = excluded.name, transit_hours = excluded.transit_hours
            """, new
        {
            Warehouses = lanes.Select(r => r.Pair.Left).ToArray(), Hubs = lanes.Select(r => r.Pair.Right).ToArray(),
            Carriers = lanes.Select(r => r.Parent).ToArray(), Names = lanes.Select(r => r.Name).ToArray(),
            Transits = lanes.Select(r => r.TransitHours).ToArray(),
        });

        var links = Of("merchant_warehouse");
        await Run("""
            INSERT INTO merchant_warehouses (merchant_id, warehouse_id, name)
            SELECT m.id, w.id, x.name
            FROM unnest(@Merchants::text[], @Warehouses::text[], @Names::text[]) AS x (merchant, warehouse, name)
            JOIN merchants m ON m.code = x.merchant
            JOIN warehouses w ON w.code = x.warehouse
            ON CONFLICT (merchant_id, warehouse_id) DO UPDATE SET name = excluded.name
            """, new
        {
            Merchants = links.Select(r => r.Pair.Left).ToArray(), Warehouses = links.Select(r => r.Pair.Right).ToArray(),
            Names = links.Select(r => r.Name).ToArray(),
        });
        return applied;
    }
}
