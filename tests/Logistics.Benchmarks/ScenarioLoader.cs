using System.Text;
using Dapper;
using Logistics.Domain.Capacity;
using Logistics.Domain.Handling;
using Logistics.Scenarios;
using Logistics.Server.Uploads;
using Npgsql;
using NpgsqlTypes;

namespace Logistics.Benchmarks;

/// <summary>
/// Puts a generated scenario into the benchmark database by the fastest real path: campaigns and the
/// network through the ordinary upload processor (so ids and checks are the service's own), then
/// capacity, signals and outcomes by binary COPY straight into their tables, streamed from the
/// generator (the intake's own checks are what the intake benchmarks measure; here they are setup).
/// </summary>
internal static class ScenarioLoader
{
    private static readonly TimeSpan CopyTimeout = TimeSpan.FromHours(1);

    public static async Task<(long Capacity, long Signals, long Outcomes)> LoadAsync(NpgsqlDataSource db, Scenario s)
    {
        var uploads = UploadIntake.ForCommandLine(db);
        foreach (var (kind, write) in new (UploadKind, Action<TextWriter>)[]
                 {
                     (UploadKind.Campaigns, w => ScenarioCsv.WriteCampaigns(w, s)),
                     (UploadKind.Network, w => ScenarioCsv.WriteNetwork(w, s)),
                 })
        {
            using var text = new StringWriter();
            write(text);
            var r = await uploads.ReceiveAsync(kind, new UploadSubmission(UploadSubmission.CommandLine, null, null, null, "text/csv", $"{UploadKinds.Name(kind)}.csv"),
                new MemoryStream(Encoding.UTF8.GetBytes(text.ToString())), null, CancellationToken.None);
            if (r.Upload.Status != "accepted") throw new InvalidOperationException($"{UploadKinds.Name(kind)}: {r.Upload.Status} {string.Join("; ", r.Upload.Errors.Take(3))}");
        }

        await using var conn = await db.OpenConnectionAsync();
        async Task<Dictionary<string, long>> Ids(string table) =>
            (await conn.QueryAsync<(string Code, long Id)>($"SELECT code, id FROM {table}")).ToDictionary(r => r.Code, r => r.Id, StringComparer.Ordinal);
        var campaigns = await Ids("campaigns");
        var merchants = await Ids("merchants");
        var warehouses = await Ids("warehouses");
        var regions = await Ids("regions");
        var carriers = await Ids("carriers");
        var hubs = await Ids("hubs");
        var upload = Guid.NewGuid();
        foreach (var c in campaigns.Values)
            foreach (var table in new[] { "demand_signals", "demand_outcomes" })
                await conn.ExecuteAsync($"CREATE TABLE {table}_c{c} PARTITION OF {table} FOR VALUES IN ({c})");

        long capacity = 0, signals = 0, outcomes = 0;
        var version = await conn.ExecuteScalarAsync<long>("SELECT nextval('capacity_version')");
        using (var copy = conn.BeginBinaryImport("COPY capacity_history (kind, node_id, carrier_id, hour, parcels, version, upload_id, segment) FROM STDIN (FORMAT BINARY)"))
        {
            copy.Timeout = CopyTimeout;
            foreach (var r in s.Capacity())
            {
                copy.StartRow();
                copy.Write(r.Kind switch
                {
                    CapacityKind.Sort => "sort", CapacityKind.Pickup => "pickup", CapacityKind.Outbound => "outbound",
                    CapacityKind.BulkySort => "bulky_sort", CapacityKind.BulkyPickup => "bulky_pickup",
                    _ => throw new ArgumentOutOfRangeException(nameof(s), r.Kind, "not a capacity kind"),
                }, NpgsqlDbType.Text);
                copy.Write(r.Kind is CapacityKind.Sort or CapacityKind.BulkySort ? hubs[r.Node] : warehouses[r.Node], NpgsqlDbType.Bigint);
                if (r.Kind == CapacityKind.Outbound) copy.WriteNull(); else copy.Write(carriers[r.Carrier!], NpgsqlDbType.Bigint);
                copy.Write(r.HourUtc.UtcDateTime, NpgsqlDbType.TimestampTz);
                copy.Write(checked((int)r.Parcels), NpgsqlDbType.Integer);
                copy.Write(version, NpgsqlDbType.Bigint);
                copy.Write(upload, NpgsqlDbType.Uuid);
                copy.Write(0L, NpgsqlDbType.Bigint);   // the shared partition (sql/0007_capacity_segments.sql)
                capacity++;
            }
            copy.Complete();
        }

        using (var copy = conn.BeginBinaryImport("""
            COPY demand_signals (campaign_id, merchant_id, warehouse_id, region_id, category, day, page_views, carts, favorites, deposits, presale_orders, upload_id)
            FROM STDIN (FORMAT BINARY)
            """))
        {
            copy.Timeout = CopyTimeout;
            void Count(long? v) { if (v is { } x) copy.Write(x, NpgsqlDbType.Bigint); else copy.WriteNull(); }
            foreach (var r in s.Signals())
            {
                copy.StartRow();
                copy.Write(campaigns[r.Campaign], NpgsqlDbType.Bigint);
                copy.Write(merchants[r.Merchant], NpgsqlDbType.Bigint);
                copy.Write(warehouses[r.Warehouse], NpgsqlDbType.Bigint);
                copy.Write(regions[r.Region], NpgsqlDbType.Bigint);
                copy.Write(r.Category, NpgsqlDbType.Text);
                copy.Write(r.Date, NpgsqlDbType.Date);
                Count(r.PageViews); Count(r.Carts); Count(r.Favorites); Count(r.Deposits); Count(r.PresaleOrders);
                copy.Write(upload, NpgsqlDbType.Uuid);
                signals++;
            }
            copy.Complete();
        }

        // The class column only for a world with appliances: a parcel world loads as it always did (the default is parcel).
        var handling = s.HasAppliances ? ", handling" : "";
        using (var copy = conn.BeginBinaryImport($"COPY demand_outcomes (campaign_id, merchant_id, warehouse_id, carrier_id, region_id, day, hour, parcels, upload_id{handling}) FROM STDIN (FORMAT BINARY)"))
        {
            copy.Timeout = CopyTimeout;
            foreach (var r in s.Outcomes())
            {
                copy.StartRow();
                copy.Write(campaigns[r.Campaign], NpgsqlDbType.Bigint);
                copy.Write(merchants[r.Merchant], NpgsqlDbType.Bigint);
                copy.Write(warehouses[r.Warehouse], NpgsqlDbType.Bigint);
                copy.Write(carriers[r.Carrier], NpgsqlDbType.Bigint);
                copy.Write(regions[r.Region], NpgsqlDbType.Bigint);
                copy.Write(r.Date, NpgsqlDbType.Date);
                copy.Write((short)r.Hour, NpgsqlDbType.Smallint);
                copy.Write(r.Parcels, NpgsqlDbType.Bigint);
                copy.Write(upload, NpgsqlDbType.Uuid);
                if (s.HasAppliances) copy.Write(HandlingClasses.Name(r.Handling), NpgsqlDbType.Text);
                outcomes++;
            }
            copy.Complete();
        }
        await using (var analyze = new NpgsqlCommand("ANALYZE", conn) { CommandTimeout = 0 }) await analyze.ExecuteNonQueryAsync();
        return (capacity, signals, outcomes);
    }
}
