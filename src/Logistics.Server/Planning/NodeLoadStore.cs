using Logistics.Domain.Planning;
using Npgsql;
using NpgsqlTypes;

namespace Logistics.Server.Planning;

/// <summary>Writes a run's node loads (binary COPY) in the publishing transaction.</summary>
internal static class NodeLoadStore
{
    public static async Task WriteAsync(NpgsqlConnection conn, long runId, IReadOnlyList<NodeLoad> loads, CancellationToken ct)
    {
        await using var copy = await conn.BeginBinaryImportAsync("""
            COPY plan_node_loads (plan_run_id, kind, node, carrier, planned, planned_p90, unshaved_p50, unshaved_p90, capacity, peak_utilization)
            FROM STDIN (FORMAT BINARY)
            """, ct);
        copy.Timeout = TimeSpan.FromMinutes(30);
        foreach (var l in loads)
        {
            await copy.StartRowAsync(ct);
            await copy.WriteAsync(runId, NpgsqlDbType.Bigint, ct);
            await copy.WriteAsync(PublicationMapper.NodeKind(l.Kind), NpgsqlDbType.Text, ct);
            await copy.WriteAsync(l.Node, NpgsqlDbType.Text, ct);
            if (l.Carrier is null) await copy.WriteNullAsync(ct); else await copy.WriteAsync(l.Carrier, NpgsqlDbType.Text, ct);
            foreach (var series in new[] { l.Planned, l.PlannedP90, l.UnshavedP50, l.UnshavedP90 })
                await copy.WriteAsync(series.Select(v => (float)v).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Real, ct);
            if (l.Capacity is null) await copy.WriteNullAsync(ct); else await copy.WriteAsync(l.Capacity, NpgsqlDbType.Array | NpgsqlDbType.Bigint, ct);
            var peak = PeakUtilization(l);
            if (peak is null) await copy.WriteNullAsync(ct); else await copy.WriteAsync((float)peak.Value, NpgsqlDbType.Real, ct);
        }
        await copy.CompleteAsync(ct);
    }

    private static double? PeakUtilization(NodeLoad l)
    {
        if (l.Capacity is null) return null;
        double? peak = null;
        for (var h = 0; h < l.UnshavedP90.Length && h < l.Capacity.Length; h++)
        {
            if (l.Capacity[h] >= SnapshotReader.Unconstrained) continue;
            var u = l.Capacity[h] == 0 ? (l.UnshavedP90[h] > 0 ? 10.0 : 0) : l.UnshavedP90[h] / l.Capacity[h];
            peak = Math.Max(peak ?? 0, u);
        }
        return peak;
    }
}
