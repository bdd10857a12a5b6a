using System.Runtime.CompilerServices;
using Dapper;
using Logistics.Server.Ingest;
using Logistics.Server.Uploads;
using Npgsql;

namespace Logistics.Server.Capacity;

/// <summary>A node a capacity line resolved to: the hub or warehouse id and whose figure it is (null: outbound).</summary>
internal readonly record struct ResolvedNode(long NodeId, long? CarrierId);

/// <summary>
/// The network as a capacity upload sees it, in memory (codes to ids: a few thousand nodes), so each
/// line is resolved while it streams in and staged already in the history's shape. If a network
/// upload lands before the load, the load re-checks the staged ids (CapacitySql.NetworkChanged).
/// </summary>
internal sealed class CapacityNetwork
{
    private readonly HashSet<long> _laneWarehouses;
    private readonly long? _carrier;
    // Looked up by the line's node as characters, so a line needs no string of its own.
    private readonly Dictionary<string, (long Id, long Carrier)>.AlternateLookup<ReadOnlySpan<char>> _hubsByText;
    private readonly Dictionary<string, long>.AlternateLookup<ReadOnlySpan<char>> _warehousesByText;
    // For "did you mean": each code by its letters in any case (only a rejected line looks here).
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _hubsAnyCase, _warehousesAnyCase;

    private CapacityNetwork(Dictionary<string, (long, long)> hubs, Dictionary<string, long> warehouses, HashSet<long> laneWarehouses, long? carrier)
    {
        (_laneWarehouses, _carrier) = (laneWarehouses, carrier);
        _hubsAnyCase = AnyCase(hubs.Keys);
        _warehousesAnyCase = AnyCase(warehouses.Keys);
        _hubsByText = hubs.GetAlternateLookup<ReadOnlySpan<char>>();
        _warehousesByText = warehouses.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>How many network uploads were accepted when this was read: the load compares it with its own.</summary>
    public long Generation { get; private init; }

    /// <summary>Network uploads only add to it, so their count tells whether the network changed since.</summary>
    public const string GenerationSql = $"SELECT count(*) FROM uploads WHERE kind = '{UploadKinds.Network}' AND status = '{UploadStates.Accepted}'";

    /// <param name="carrier">the carrier the upload speaks for; null: ops.</param>
    public static async Task<CapacityNetwork> LoadAsync(NpgsqlConnection conn, NpgsqlTransaction tx, long? carrier, CancellationToken ct)
    {
        // Between network uploads (they hold this lock exclusively to commit), so the generation matches what is read.
        await conn.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_lock_shared(hashtextextended('network-and-campaigns', 0))", transaction: tx, cancellationToken: ct));
        try { return await ReadAsync(conn, tx, carrier, ct); }
        finally
        {
            await conn.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_unlock_shared(hashtextextended('network-and-campaigns', 0))", transaction: tx, cancellationToken: CancellationToken.None));
        }
    }

    private static async Task<CapacityNetwork> ReadAsync(NpgsqlConnection conn, NpgsqlTransaction tx, long? carrier, CancellationToken ct)
    {
        var generation = await conn.ExecuteScalarAsync<long>(new CommandDefinition(GenerationSql, transaction: tx, cancellationToken: ct));
        var hubs = (await conn.QueryAsync<(string Code, long Id, long Carrier)>(new CommandDefinition(
            "SELECT code, id, carrier_id FROM hubs", transaction: tx, cancellationToken: ct))).ToDictionary(h => h.Code, h => (h.Id, h.Carrier), StringComparer.Ordinal);
        var warehouses = (await conn.QueryAsync<(string Code, long Id)>(new CommandDefinition(
            "SELECT code, id FROM warehouses", transaction: tx, cancellationToken: ct))).ToDictionary(w => w.Code, w => w.Id, StringComparer.Ordinal);
        var lanes = (await conn.QueryAsync<long>(new CommandDefinition(
            "SELECT DISTINCT warehouse_id FROM lanes WHERE carrier_id = @carrier", new { carrier }, tx, cancellationToken: ct))).ToHashSet();
        return new CapacityNetwork(hubs, warehouses, lanes, carrier) { Generation = generation };
    }

    /// <summary>The node of a checked line, or the one problem it has against the network (the messages of CapacitySql.NetworkChanged).</summary>
    public ResolvedNode? Resolve(in CapacityRow row, CapacityErrors errors) =>
        Resolve(row.Line, row.Node, (byte)Array.IndexOf(CapacityRow.Kinds, row.Kind), errors);

    /// <param name="kind">an index into <see cref="CapacityRow.Kinds"/>.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]   // once per line of a million-line upload in a fresh process: no time to tier up
    public ResolvedNode? Resolve(long line, ReadOnlySpan<char> node, byte kind, CapacityErrors errors)
    {
        var kindName = CapacityRow.Kinds[kind];
        if (CapacityRow.ForHub(kind))
        {
            if (!_hubsByText.TryGetValue(node, out var hub))
                return Bad(errors, line, "node", Shown.Cut(node), LineRule.UnknownNode, DidYouMean.Append($"unknown node: no hub '{Shown.Cut(node)}' ({kindName} capacity is given for a hub)", Suggest(_hubsAnyCase, node)));
            if (_carrier is { } c && hub.Carrier != c)
                return Bad(errors, line, "node", Shown.Cut(node), LineRule.ForeignHub, $"hub '{Shown.Cut(node)}' belongs to another carrier");
            return new ResolvedNode(hub.Id, hub.Carrier);
        }
        if (!_warehousesByText.TryGetValue(node, out var warehouse))
            return Bad(errors, line, "node", Shown.Cut(node), LineRule.UnknownNode, DidYouMean.Append($"unknown node: no warehouse '{Shown.Cut(node)}' ({kindName} capacity is given for a warehouse)", Suggest(_warehousesAnyCase, node)));
        if (kind == CapacityRow.Outbound)
            return _carrier is null ? new ResolvedNode(warehouse, null)
                : Bad(errors, line, "kind", kindName, LineRule.KindNotAllowed, "kind not allowed for the caller: outbound capacity is given by ops, not a carrier");
        if (_carrier is null)
            return Bad(errors, line, "kind", kindName, LineRule.KindNotAllowed, $"kind not allowed for the caller: {kindName} capacity is a carrier's (use a carrier key, or --carrier)");
        if (!_laneWarehouses.Contains(warehouse))
            return Bad(errors, line, "kind", kindName, LineRule.KindNotAllowed, $"kind not allowed for the caller: no lane of this carrier at warehouse '{Shown.Cut(node)}'");
        return new ResolvedNode(warehouse, _carrier);
    }

    private static Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> AnyCase(IEnumerable<string> codes)
    {
        var map = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var c in codes) map.TryAdd(c, c);
        return map.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    private static string? Suggest(Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> anyCase, ReadOnlySpan<char> node) =>
        node.Length <= 64 && anyCase.TryGetValue(node, out var code) ? code : null;

    private static ResolvedNode? Bad(CapacityErrors errors, long line, string column, string value, LineRule rule, string reason)
    {
        errors.Add(new RowError(line, column, value, rule, reason));
        return null;
    }
}
