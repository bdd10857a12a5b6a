using Logistics.Domain.Handling;
using Logistics.Domain.Planning;
using Logistics.Server.Ingest;
using Npgsql;

namespace Logistics.Server.Planning;

/// <summary>Writes a run's line-hauls into destination hubs (binary COPY) in the publishing transaction.</summary>
internal static class LaneLoadStore
{
    public static async Task WriteAsync(NpgsqlConnection conn, long runId, IReadOnlyList<LaneLoad> lanes, CancellationToken ct)
    {
        // Only the hours with parcels: a lane carries for a few days of a horizon of weeks.
        await BinaryCopyWriter.CopyAsync(conn, """
            COPY plan_lane_loads (plan_run_id, carrier, origin, destination, first_hour, planned, unshaved_p50, unshaved_p90, bulky)
            FROM STDIN (FORMAT BINARY)
            """, copy =>
        {
            foreach (var l in lanes)
            {
                ct.ThrowIfCancellationRequested();
                if (Span(l) is not { } span) continue;
                var (from, count) = span;
                copy.StartRow(9);
                copy.Write(runId);
                copy.Write(l.Carrier);
                copy.Write(l.Origin);
                copy.Write(l.Destination);
                copy.Write(from);
                copy.WriteRealArray(l.Planned.AsSpan(from, count));
                copy.WriteRealArray(l.UnshavedP50.AsSpan(from, count));
                copy.WriteRealArray(l.UnshavedP90.AsSpan(from, count));
                copy.WriteBoolean(l.Handling == HandlingClass.Bulky);
            }
        }, ct);
    }

    /// <summary>The first hour and number of hours from the first to the last with anything in a series; null when none has.</summary>
    internal static (int From, int Count)? Span(LaneLoad l)
    {
        bool Any(int t) => l.Planned[t] != 0 || l.UnshavedP50[t] != 0 || l.UnshavedP90[t] != 0;
        int first = 0, last = l.Planned.Length - 1;
        while (first <= last && !Any(first)) first++;
        while (last >= first && !Any(last)) last--;
        return first > last ? null : (first, last - first + 1);
    }
}
