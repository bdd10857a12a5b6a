using System.Runtime.InteropServices;
using Logistics.Server.Ingest;
using Npgsql;

namespace Logistics.Server.Publication;

/// <summary>
/// Copies a run's windows into merchant_windows, one row of parallel arrays per merchant (sql/0012),
/// as they stream past: only one merchant's windows are held at a time.
/// </summary>
internal static class WindowWriter
{
    private const string Copy = """
        COPY merchant_windows (plan_run_id, merchant_id, base_at, warehouse_ids, carrier_ids, hub_ids, start_hours, hours, max_parcels)
        FROM STDIN (FORMAT BINARY)
        """;

    /// <returns>the windows written.</returns>
    public static async Task<long> WriteAsync(NpgsqlConnection conn, long runId, IEnumerable<PublishedWindow> windows, CodeIds ids, CancellationToken ct)
    {
        var stream = await conn.BeginRawBinaryCopyAsync(Copy, ct);
        try
        {
            var copy = new BinaryCopyWriter(stream);
            var row = new MerchantRow();
            var done = new HashSet<long>();
            // Consecutive windows mostly share a warehouse, carrier and hub (the same string): one lookup each.
            var warehouse = new LastId(ids.Warehouse);
            var carrier = new LastId(ids.Carrier);
            var hub = new LastId(ids.Hub);
            var merchant = new LastId(ids.Merchant);
            long count = 0;
            foreach (var w in windows)
            {
                ct.ThrowIfCancellationRequested();
                var m = merchant.Of(w.Merchant);
                if (row.Count > 0 && m != row.Merchant)
                {
                    row.Write(copy, runId);
                    row.Clear();
                }
                if (row.Count == 0 && !done.Add(m))
                    throw new InvalidOperationException($"the windows of merchant '{w.Merchant}' do not come together: a publication's windows are grouped by merchant");
                row.Add(m, warehouse.Of(w.Warehouse), carrier.Of(w.Carrier), hub.Of(w.Hub), w);
                count++;
            }
            if (row.Count > 0) row.Write(copy, runId);
            copy.Complete();
            return count;
        }
        catch
        {
            // Nothing half-written may land: an unfinished COPY is cancelled, not ended.
            await stream.CancelAsync();
            throw;
        }
        finally
        {
            await stream.DisposeAsync();
        }
    }

    private sealed class LastId(Func<string, long> lookup)
    {
        private string? _code;
        private long _id;

        public long Of(string code)
        {
            if (!ReferenceEquals(code, _code)) (_code, _id) = (code, lookup(code));
            return _id;
        }
    }

    /// <summary>One merchant's windows as the columns they are stored in.</summary>
    private sealed class MerchantRow
    {
        private readonly List<long> _warehouses = [], _carriers = [], _hubs = [];
        private readonly List<int> _starts = [], _hours = [], _max = [];
        private DateTimeOffset _base;

        public long Merchant { get; private set; }
        public int Count => _warehouses.Count;

        public void Add(long merchant, long warehouse, long carrier, long hub, PublishedWindow w)
        {
            if (Count == 0) (Merchant, _base) = (merchant, w.Start);
            if (w.End <= w.Start) throw new InvalidOperationException($"a window of '{w.Merchant}' ends ({w.End:O}) before it starts ({w.Start:O})");
            if (w.MaxParcels < 0) throw new InvalidOperationException($"a window of '{w.Merchant}' allows {w.MaxParcels} parcels");
            _warehouses.Add(warehouse);
            _carriers.Add(carrier);
            _hubs.Add(hub);
            _starts.Add(WholeHours(w.Start - _base, w));
            _hours.Add(WholeHours(w.End - w.Start, w));
            _max.Add(w.MaxParcels);
        }

        // The plan is hourly; a window off the hour would be stored wrong, so it is refused.
        private static int WholeHours(TimeSpan span, PublishedWindow w) =>
            span.Ticks % TimeSpan.TicksPerHour == 0
                ? checked((int)(span.Ticks / TimeSpan.TicksPerHour))
                : throw new InvalidOperationException($"a window of '{w.Merchant}' ({w.Start:O} to {w.End:O}) is not in whole hours");

        public void Write(BinaryCopyWriter copy, long runId)
        {
            copy.StartRow(9);
            copy.Write(runId);
            copy.Write(Merchant);
            copy.WriteTimestamp(_base);
            copy.WriteArray(CollectionsMarshal.AsSpan(_warehouses));
            copy.WriteArray(CollectionsMarshal.AsSpan(_carriers));
            copy.WriteArray(CollectionsMarshal.AsSpan(_hubs));
            copy.WriteArray(CollectionsMarshal.AsSpan(_starts));
            copy.WriteArray(CollectionsMarshal.AsSpan(_hours));
            copy.WriteArray(CollectionsMarshal.AsSpan(_max));
        }

        public void Clear()
        {
            _warehouses.Clear(); _carriers.Clear(); _hubs.Clear();
            _starts.Clear(); _hours.Clear(); _max.Clear();
        }
    }
}
