using Dapper;
using Npgsql;

namespace Logistics.Server.Campaigns;

internal static class CampaignStore
{
    public static async Task<long> ApplyAsync(NpgsqlConnection conn, NpgsqlTransaction tx, IReadOnlyList<CampaignRow> rows, CancellationToken ct)
    {
        long applied = 0;
        foreach (var c in rows)   // a handful of campaigns: one statement each is fine
            applied += await conn.ExecuteAsync(new CommandDefinition("""
                INSERT INTO campaigns (code, name, time_zone, sale_days, horizon_start, horizon_end, ship_within_hours)
                VALUES (@Code, @Name, @TimeZone, @SaleDays, @HorizonStart, @HorizonEnd, @ShipWithinHours)
                ON CONFLICT (code) DO UPDATE SET
                    name = excluded.name, time_zone = excluded.time_zone, sale_days = excluded.sale_days,
                    horizon_start = excluded.horizon_start, horizon_end = excluded.horizon_end,
                    ship_within_hours = excluded.ship_within_hours, updated_at = now()
                """, c, tx, cancellationToken: ct));
        return applied;
    }
}
