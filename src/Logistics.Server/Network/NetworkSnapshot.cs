using Dapper;
using Npgsql;

namespace Logistics.Server.Network;

/// <summary>The codes already in the database that a network file may refer to.</summary>
internal sealed record NetworkSnapshot(
    HashSet<string> Carriers,
    Dictionary<string, string> HubCarrier,
    HashSet<string> Warehouses,
    HashSet<string> Merchants,
    HashSet<string> Regions)
{
    public static async Task<NetworkSnapshot> LoadAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, CancellationToken ct)
    {
        async Task<HashSet<string>> Codes(string table) =>
            (await conn.QueryAsync<string>(new CommandDefinition($"SELECT code FROM {table}", transaction: tx, cancellationToken: ct))).ToHashSet();

        var hubs = await conn.QueryAsync<(string Hub, string Carrier)>(new CommandDefinition(
            "SELECT h.code, c.code FROM hubs h JOIN carriers c ON c.id = h.carrier_id", transaction: tx, cancellationToken: ct));
        return new NetworkSnapshot(
            await Codes("carriers"),
            hubs.ToDictionary(h => h.Hub, h => h.Carrier),
            await Codes("warehouses"),
            await Codes("merchants"),
            await Codes("regions"));
    }
}
