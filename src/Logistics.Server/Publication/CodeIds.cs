using Dapper;
using Npgsql;

namespace Logistics.Server.Publication;

/// <summary>Database ids of the network's codes, read once per publication.</summary>
internal sealed class CodeIds
{
    private readonly Dictionary<string, long> _merchants, _warehouses, _carriers, _hubs;

    private CodeIds(Dictionary<string, long> merchants, Dictionary<string, long> warehouses, Dictionary<string, long> carriers, Dictionary<string, long> hubs) =>
        (_merchants, _warehouses, _carriers, _hubs) = (merchants, warehouses, carriers, hubs);

    public static async Task<CodeIds> LoadAsync(NpgsqlConnection conn, NpgsqlTransaction tx, CancellationToken ct)
    {
        async Task<Dictionary<string, long>> Load(string table) =>
            (await conn.QueryAsync<(string Code, long Id)>(new CommandDefinition($"SELECT code, id FROM {table}", transaction: tx, cancellationToken: ct)))
            .ToDictionary(r => r.Code, r => r.Id);
        return new CodeIds(await Load("merchants"), await Load("warehouses"), await Load("carriers"), await Load("hubs"));
    }

    public long Merchant(string code) => Find(_merchants, code, "merchant");
    public long Warehouse(string code) => Find(_warehouses, code, "warehouse");
    public long Carrier(string code) => Find(_carriers, code, "carrier");
    public long Hub(string code) => Find(_hubs, code, "hub");

    private static long Find(Dictionary<string, long> ids, string code, string what) =>
        ids.TryGetValue(code, out var id) ? id : throw new InvalidOperationException($"the plan names {what} '{code}', which is not in the network");
}
