using Dapper;
using Npgsql;

namespace Logistics.Server.Ingest;

/// <summary>
/// The network and campaigns as they are when a large file arrives, held in memory so each line is
/// resolved to ids as it streams past (a few hundred thousand codes at national scale). A line that
/// does not resolve is staged as text instead, and the load job's SQL checks name what is wrong with
/// it against the network as it is then; nothing here decides a rejection.
/// </summary>
internal sealed class BulkLookups
{
    public required Dictionary<string, long> Campaigns { get; init; }
    public required Dictionary<long, (DateOnly First, DateOnly Last)> SignalDays { get; init; }
    public required Dictionary<string, long> Merchants { get; init; }
    public required Dictionary<string, long> Warehouses { get; init; }
    public required Dictionary<string, long> Regions { get; init; }
    public required Dictionary<string, long> Carriers { get; init; }
    public required HashSet<(long Merchant, long Warehouse)> MerchantWarehouses { get; init; }

    public static async Task<BulkLookups> LoadAsync(NpgsqlConnection conn, CancellationToken ct)
    {
        async Task<Dictionary<string, long>> Codes(string table) =>
            (await conn.QueryAsync<(string Code, long Id)>(new CommandDefinition($"SELECT code, id FROM {table}", cancellationToken: ct)))
            .ToDictionary(r => r.Code, r => r.Id, StringComparer.Ordinal);
        // The same window the date check of the load job uses: 90 days before the horizon to its end.
        var campaigns = (await conn.QueryAsync<(string Code, long Id, DateTime First, DateTime Last)>(new CommandDefinition(
            "SELECT code, id, horizon_start - 90 AS first, horizon_end AS last FROM campaigns", cancellationToken: ct))).ToList();
        var pairs = await conn.QueryAsync<(long Merchant, long Warehouse)>(new CommandDefinition(
            "SELECT merchant_id, warehouse_id FROM merchant_warehouses", cancellationToken: ct));
        return new BulkLookups
        {
            Campaigns = campaigns.ToDictionary(c => c.Code, c => c.Id, StringComparer.Ordinal),
            SignalDays = campaigns.ToDictionary(c => c.Id, c => (DateOnly.FromDateTime(c.First), DateOnly.FromDateTime(c.Last))),
            Merchants = await Codes("merchants"),
            Warehouses = await Codes("warehouses"),
            Regions = await Codes("regions"),
            Carriers = await Codes("carriers"),
            MerchantWarehouses = [.. pairs],
        };
    }
}
