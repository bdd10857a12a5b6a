using Logistics.Domain.Alerts;
using Logistics.Domain.Planning;
using Logistics.Server.Ingest;
using Npgsql;

namespace Logistics.Server.Planning;

/// <summary>Writes a run's node loads (binary COPY) in the publishing transaction.</summary>
internal static class NodeLoadStore
{
    public static async Task WriteAsync(NpgsqlConnection conn, long runId, IReadOnlyList<NodeLoad> loads, CancellationToken ct)
    {
        // The binary format written by hand: Npgsql's importer resolves a handler per value, and
        // a national run has tens of thousands of loads with five hourly series each.
        await BinaryCopyWriter.CopyAsync(conn, """
            COPY plan_node_loads (plan_run_id, kind, node, carrier, planned, planned_p90, unshaved_p50, unshaved_p90, capacity, peak_utilization)
            FROM STDIN (FORMAT BINARY)
            """, copy =>
        {
            foreach (var l in loads)
            {
                ct.ThrowIfCancellationRequested();
                copy.StartRow(10);
                copy.Write(runId);
                copy.Write(AlertLevels.Name(l.Kind));
                copy.Write(l.Node);
                if (l.Carrier is null) copy.WriteNull(); else copy.Write(l.Carrier);
                copy.WriteRealArray(l.Planned);
                copy.WriteRealArray(l.PlannedP90);
                copy.WriteRealArray(l.UnshavedP50);
                copy.WriteRealArray(l.UnshavedP90);
                if (l.Capacity is null) copy.WriteNull(); else copy.WriteArray((ReadOnlySpan<long>)l.Capacity);
                if (PeakUtilization(l) is { } peak) copy.WriteReal((float)peak); else copy.WriteNull();
            }
        }, ct);
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
