using Dapper;
using Logistics.Domain.Network;
using Npgsql;

namespace Logistics.Server.WhatIf;

/// <summary>The part of the network overrides are checked against (hubs, warehouses, lanes), read before a what-if is queued.</summary>
internal static class NetworkFacts
{
    public static async Task<NetworkModel> LoadAsync(NpgsqlConnection conn, CancellationToken ct)
    {
        async Task<List<T>> Q<T>(string sql) => (await conn.QueryAsync<T>(new CommandDefinition(sql, cancellationToken: ct))).AsList();
        return NetworkModel.Empty with
        {
            Hubs = await Q<Hub>("SELECT h.code, h.name, c.code AS carrier, coalesce(r.code, '') AS region FROM hubs h JOIN carriers c ON c.id = h.carrier_id LEFT JOIN regions r ON r.id = h.region_id"),
            Warehouses = await Q<Warehouse>("SELECT w.code, w.name, coalesce(r.code, '') AS region FROM warehouses w LEFT JOIN regions r ON r.id = w.region_id"),
            Lanes = await Q<Lane>("""
                SELECT w.code AS warehouse, h.code AS hub, c.code AS carrier, l.transit_hours
                FROM lanes l JOIN warehouses w ON w.id = l.warehouse_id JOIN hubs h ON h.id = l.hub_id JOIN carriers c ON c.id = l.carrier_id
                """),
        };
    }
}
