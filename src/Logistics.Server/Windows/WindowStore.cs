using System.Runtime.InteropServices;
using Dapper;
using Logistics.Domain.Handling;
using Logistics.Domain.Planning;
using Logistics.Server.Ingest;
using Logistics.Server.Publication;
using Npgsql;

namespace Logistics.Server.Windows;

/// <summary>
/// The one place merchant_windows is written and read. A run's windows are one row of parallel arrays
/// per merchant (sql/0012), copied as they stream past: only one merchant's windows are held at a time.
/// </summary>
internal static class WindowStore
{
    private const string Copy = """
        COPY merchant_windows (plan_run_id, merchant_id, base_at, warehouse_ids, carrier_ids, hub_ids, start_hours, hours, max_parcels, bulky)
        FROM STDIN (FORMAT BINARY)
        """;

    /// <summary>A page of a run's windows, in merchant, warehouse, carrier and start order; ties keep the plan's order (parcels before bulky goods).</summary>
    public static async Task<List<StoredWindow>> ReadAsync(NpgsqlConnection conn, long run, WindowFilter filter, long offset, int? take, CancellationToken ct) =>
        (await conn.QueryAsync<StoredWindow>(new CommandDefinition(Read,
            new { run, filter.MerchantId, filter.Merchant, filter.Warehouse, filter.Carrier, n = take + 1, offset }, cancellationToken: ct))).ToList();

    private const string Read = """
        SELECT m.code AS merchant, w.code AS warehouse, c.code AS carrier, h.code AS hub,
               mw.base_at + make_interval(hours => x.start_hour) AS start,
               mw.base_at + make_interval(hours => x.start_hour + x.hours) AS "end",
               x.max_parcels, mw.plan_run_id AS plan_run,
               CASE WHEN x.bulky THEN 'bulky' ELSE 'parcel' END AS handling
        FROM merchant_windows mw
        CROSS JOIN LATERAL unnest(mw.warehouse_ids, mw.carrier_ids, mw.hub_ids, mw.start_hours, mw.hours, mw.max_parcels, mw.bulky)
            WITH ORDINALITY AS x(warehouse_id, carrier_id, hub_id, start_hour, hours, max_parcels, bulky, n)
        JOIN merchants m ON m.id = mw.merchant_id
        JOIN warehouses w ON w.id = x.warehouse_id
        JOIN carriers c ON c.id = x.carrier_id
        JOIN hubs h ON h.id = x.hub_id
        WHERE mw.plan_run_id = @run
          AND (@merchantId::bigint IS NULL OR mw.merchant_id = @merchantId)
          AND (@merchant::text IS NULL OR m.code = @merchant)
          AND (@warehouse::text IS NULL OR w.code = @warehouse)
          AND (@carrier::text IS NULL OR c.code = @carrier)
        ORDER BY m.code, w.code, c.code, start, x.n
        LIMIT @n OFFSET @offset
        """;

    /// <returns>the windows written.</returns>
    public static async Task<long> WriteAsync(NpgsqlConnection conn, long runId, IEnumerable<PublishedWindow> windows, CodeIds ids, CancellationToken ct)
    {
        long written = 0;
        await BinaryCopyWriter.CopyAsync(conn, Copy, copy =>
        {
            var rows = new MerchantRows(copy, runId, ids);
            if (windows is IHourlyWindows { Indexed: { } indexed } planned)
                AddIndexed(rows, indexed, planned.Base, ids, ct);
            else if (windows is IHourlyWindows hourly)
                foreach (var w in hourly.Hourly)
                {
                    ct.ThrowIfCancellationRequested();
                    rows.For(w.Merchant, hourly.Base);
                    rows.Add(w);
                }
            else
                foreach (var w in windows)
                {
                    ct.ThrowIfCancellationRequested();
                    if (w.End <= w.Start) throw new InvalidOperationException($"a window of '{w.Merchant}' ends ({w.End:O}) before it starts ({w.Start:O})");
                    var start = rows.For(w.Merchant, w.Start);   // a merchant's first window is its row's base
                    rows.Add(new HourlyWindow(w.Merchant, w.Warehouse, w.Carrier, w.Hub, WholeHours(w.Start - start, w), WholeHours(w.End - w.Start, w), w.MaxParcels, w.Handling));
                }
            rows.Finish();
            written = rows.Windows;
        }, ct);
        return written;
    }

    /// <summary>
    /// The windows by index: a merchant's id is looked up when the merchant changes, a warehouse's
    /// and a lane's once each (by index), so a window costs a few array reads. At national scale the
    /// record path took 7.0 s of our CPU for 17.0M windows against PostgreSQL's 4.2 s.
    /// </summary>
    private static void AddIndexed(MerchantRows rows, IIndexedWindows windows, DateTimeOffset @base, CodeIds ids, CancellationToken ct)
    {
        var warehouses = new long?[windows.Warehouses.Count];
        var lanes = new (long Carrier, long Hub)?[windows.Warehouses.Count][];
        var merchant = -1;
        for (var i = 0; i < windows.Count; i++)
        {
            if ((i & 0xFFFF) == 0) ct.ThrowIfCancellationRequested();
            var w = windows.At(i);
            var code = windows.Merchants[w.Merchant];
            if (w.Merchant != merchant)
            {
                merchant = w.Merchant;
                rows.For(code, @base);
            }
            var warehouse = warehouses[w.Warehouse] ??= ids.Warehouse(windows.Warehouses[w.Warehouse]);
            var atWarehouse = lanes[w.Warehouse] ??= new (long, long)?[windows.Lanes(w.Warehouse).Count];
            var (carrier, hub) = atWarehouse[w.Lane] ??= (ids.Carrier(windows.Lanes(w.Warehouse)[w.Lane].Carrier), ids.Hub(windows.Lanes(w.Warehouse)[w.Lane].Hub));
            rows.Add(code, warehouse, carrier, hub, w.StartHour, w.EndHour - w.StartHour, checked((int)w.MaxParcels), windows.Handling(w.Warehouse));
        }
    }

    // The plan is hourly; a window off the hour would be stored wrong, so it is refused.
    private static int WholeHours(TimeSpan span, PublishedWindow w) =>
        span.Ticks % TimeSpan.TicksPerHour == 0
            ? checked((int)(span.Ticks / TimeSpan.TicksPerHour))
            : throw new InvalidOperationException($"a window of '{w.Merchant}' ({w.Start:O} to {w.End:O}) is not in whole hours");

    /// <summary>The current merchant's windows as the columns they are stored in; written when the next merchant starts.</summary>
    private sealed class MerchantRows(BinaryCopyWriter copy, long runId, CodeIds ids)
    {
        private readonly List<long> _warehouses = [], _carriers = [], _hubs = [];
        private readonly List<int> _starts = [], _hours = [], _max = [];
        private readonly List<bool> _bulky = [];
        private bool _anyBulky;
        private readonly HashSet<long> _done = [];
        // Consecutive windows mostly share a merchant, warehouse, carrier and hub (the same string): one lookup each.
        private readonly LastId _merchant = new(ids.Merchant), _warehouse = new(ids.Warehouse), _carrier = new(ids.Carrier), _hub = new(ids.Hub);
        private long _merchantId = -1;
        private DateTimeOffset _base;

        public long Windows { get; private set; }

        /// <summary>Starts the merchant's row unless it is the current one; returns the row's base.</summary>
        public DateTimeOffset For(string merchant, DateTimeOffset @base)
        {
            var id = _merchant.Of(merchant);
            if (id == _merchantId) return _base;
            Write();
            if (!_done.Add(id)) throw new InvalidOperationException($"the windows of merchant '{merchant}' do not come together: a publication's windows are grouped by merchant");
            (_merchantId, _base) = (id, @base);
            return _base;
        }

        public void Add(in HourlyWindow w) =>
            Add(w.Merchant, _warehouse.Of(w.Warehouse), _carrier.Of(w.Carrier), _hub.Of(w.Hub), w.StartHour, w.Hours, w.MaxParcels, w.Handling);

        /// <summary>A window of the current merchant (<paramref name="merchant"/> names it in an error), by database ids.</summary>
        public void Add(string merchant, long warehouse, long carrier, long hub, int startHour, int hours, int maxParcels, HandlingClass handling)
        {
            var bulky = handling == HandlingClass.Bulky;
            _bulky.Add(bulky);
            _anyBulky |= bulky;
            if (hours <= 0 || maxParcels < 0) throw new InvalidOperationException($"a window of '{merchant}' lasts {hours} h for {maxParcels} parcels");
            _warehouses.Add(warehouse);
            _carriers.Add(carrier);
            _hubs.Add(hub);
            _starts.Add(startHour);
            _hours.Add(hours);
            _max.Add(maxParcels);
            Windows++;
        }

        /// <summary>Writes the last merchant's row.</summary>
        public void Finish() => Write();

        private void Write()
        {
            if (_warehouses.Count == 0) return;
            copy.StartRow(10);
            copy.Write(runId);
            copy.Write(_merchantId);
            copy.WriteTimestamp(_base);
            copy.WriteArray(CollectionsMarshal.AsSpan(_warehouses));
            copy.WriteArray(CollectionsMarshal.AsSpan(_carriers));
            copy.WriteArray(CollectionsMarshal.AsSpan(_hubs));
            copy.WriteArray(CollectionsMarshal.AsSpan(_starts));
            copy.WriteArray(CollectionsMarshal.AsSpan(_hours));
            copy.WriteArray(CollectionsMarshal.AsSpan(_max));
            if (_anyBulky) copy.WriteArray(CollectionsMarshal.AsSpan(_bulky));
            else copy.WriteNull();
            _warehouses.Clear(); _carriers.Clear(); _hubs.Clear();
            _starts.Clear(); _hours.Clear(); _max.Clear(); _bulky.Clear();
            _anyBulky = false;
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
}
