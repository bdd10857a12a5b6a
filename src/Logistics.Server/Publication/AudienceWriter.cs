using System.Runtime.InteropServices;
using Dapper;
using Logistics.Server.Ingest;
using Npgsql;

namespace Logistics.Server.Publication;

/// <summary>
/// Whom a publication concerns, written per merchant (sql/0012): the alerts in force of each merchant
/// (merchant_alerts, for the run) and the feed positions of its events (merchant_feed). Both come from
/// one pass over the audiences; the positions are known only once the feed lock is held, so what the
/// feed needs is kept meanwhile as event indexes in three flat lists, never a row object per pair.
/// </summary>
internal sealed class AudienceWriter
{
    private const string CopyAlerts = "COPY merchant_alerts (plan_run_id, merchant_id, alert_ids) FROM STDIN (FORMAT BINARY)";
    private const string CopyFeed = "COPY merchant_feed (merchant_id, first_position, last_position, positions) FROM STDIN (FORMAT BINARY)";

    // Merchant i's events are _events[_ends[i - 1] .. _ends[i]), ascending indexes into the publication's events.
    private readonly List<long> _merchants = [];
    private readonly List<int> _ends = [];
    private readonly List<int> _events = [];

    public long AudienceRows { get; private set; }

    /// <summary>
    /// Writes merchant_alerts for the run. <paramref name="alertIds"/>[i] is the id of AlertsInForce[i],
    /// or null when it is network-wide (it concerns everyone and is listed for no one);
    /// <paramref name="eventOf"/>[i] is the index of its event in this publication, or -1 when it has none.
    /// </summary>
    public static async Task<AudienceWriter> WriteAlertsAsync(NpgsqlConnection conn, long runId, IEnumerable<MerchantAudience> audiences,
        long?[] alertIds, int[] eventOf, CodeIds ids, CancellationToken ct)
    {
        var writer = new AudienceWriter();
        await BinaryCopyWriter.CopyAsync(conn, CopyAlerts, copy =>
        {
            var done = new HashSet<long>();
            var alerts = new List<long>();
            foreach (var audience in audiences)
            {
                ct.ThrowIfCancellationRequested();
                var merchant = ids.Merchant(audience.Merchant);
                if (!done.Add(merchant)) throw new InvalidOperationException($"merchant '{audience.Merchant}' has two audiences in one publication");
                alerts.Clear();
                var from = writer._events.Count;
                // A planning run's lists are List<int>: read as a span, not through the interface.
                var positions = audience.Alerts is List<int> list ? CollectionsMarshal.AsSpan(list) : audience.Alerts.ToArray();
                foreach (var i in positions)
                {
                    if (alertIds[i] is not { } id) continue;
                    alerts.Add(id);
                    if (eventOf[i] >= 0) writer._events.Add(eventOf[i]);
                }
                if (alerts.Count == 0) continue;
                var span = CollectionsMarshal.AsSpan(alerts);
                span.Sort();
                span = span[..Distinct(span)];
                copy.StartRow(3);
                copy.Write(runId);
                copy.Write(merchant);
                copy.WriteArray((ReadOnlySpan<long>)span);
                writer.AudienceRows += span.Length;

                var events = CollectionsMarshal.AsSpan(writer._events)[from..];
                if (events.Length == 0) continue;
                events.Sort();
                CollectionsMarshal.SetCount(writer._events, from + Distinct(events));
                writer._merchants.Add(merchant);
                writer._ends.Add(writer._events.Count);
            }
        }, ct);
        return writer;
    }

    /// <summary>Writes the merchants' feed rows of the events just numbered from <paramref name="head"/> + 1 on.</summary>
    public async Task WriteFeedAsync(NpgsqlConnection conn, long head, CancellationToken ct)
    {
        if (_merchants.Count == 0) return;
        await BinaryCopyWriter.CopyAsync(conn, CopyFeed, copy =>
        {
            var positions = new List<long>();
            for (int m = 0, from = 0; m < _merchants.Count; from = _ends[m++])
            {
                positions.Clear();
                for (var e = from; e < _ends[m]; e++) positions.Add(head + 1 + _events[e]);
                copy.StartRow(4);
                copy.Write(_merchants[m]);
                copy.Write(positions[0]);
                copy.Write(positions[^1]);
                copy.WriteArray((ReadOnlySpan<long>)CollectionsMarshal.AsSpan(positions));
            }
        }, ct);
    }

    /// <summary>
    /// A cleared alert concerns whom it concerned as of the run it was in force in: its event goes to
    /// the feeds of the merchants listed for it there (its own rows, after this publication's others).
    /// </summary>
    public static Task WriteClearedFeedAsync(NpgsqlConnection conn, NpgsqlTransaction tx, long previousRun, long[] alerts, long[] positions, CancellationToken ct) =>
        alerts.Length == 0 ? Task.CompletedTask : conn.ExecuteAsync(new CommandDefinition("""
            INSERT INTO merchant_feed (merchant_id, first_position, last_position, positions)
            SELECT m.merchant_id, min(c.position), max(c.position), array_agg(c.position ORDER BY c.position)
            FROM merchant_alerts m
            CROSS JOIN LATERAL unnest(m.alert_ids) AS x(alert_id)
            JOIN unnest(@alerts, @positions) AS c(alert_id, position) ON c.alert_id = x.alert_id
            WHERE m.plan_run_id = @previousRun
            GROUP BY m.merchant_id
            """, new { previousRun, alerts, positions }, tx, commandTimeout: 0, cancellationToken: ct));

    /// <summary>Moves each distinct value of a sorted span to its front; returns how many there are.</summary>
    private static int Distinct<T>(Span<T> sorted) where T : IEquatable<T>
    {
        if (sorted.Length == 0) return 0;
        var n = 1;
        for (var i = 1; i < sorted.Length; i++)
            if (!sorted[i].Equals(sorted[n - 1])) sorted[n++] = sorted[i];
        return n;
    }
}
