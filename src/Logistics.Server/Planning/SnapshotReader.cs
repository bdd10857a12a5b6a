using System.Data;
using System.Globalization;
using System.Text.Json;
using Dapper;
using Logistics.Domain.Alerts;
using Logistics.Domain.Campaigns;
using Logistics.Domain.Forecasting;
using Logistics.Domain.Handling;
using Logistics.Domain.Network;
using Npgsql;

namespace Logistics.Server.Planning;

/// <summary>
/// Reads a campaign's planning inputs in one REPEATABLE READ, read-only transaction: the campaign,
/// network and previous alerts here; the capacity (<see cref="CapacityReader"/>) and the demand
/// tables (<see cref="DemandReader"/>) on streams sharing its snapshot; and their <see cref="InputDigest"/>.
/// </summary>
internal static class SnapshotReader
{
    /// <summary>Hours with no capacity uploaded inside a series that has some are treated as unconstrained.</summary>
    public const long Unconstrained = 1_000_000_000;
    public static readonly JsonSerializerOptions StateJson = new(JsonSerializerDefaults.Web);

    private sealed record CampaignRow(long Id, string Code, string Name, string TimeZone, string SaleDays, DateOnly HorizonStart, DateOnly HorizonEnd, int ShipWithinHours);

    /// <param name="progress">Told how long each part took (network and capacity, each demand table), for the operator and the benchmark.</param>
    public static async Task<SnapshotWithDemand> ReadAsync(NpgsqlDataSource db, string campaignCode, CancellationToken ct, IProgress<string>? progress = null)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        void Done(string what)
        {
            progress?.Report(string.Create(CultureInfo.InvariantCulture, $"snapshot: {what} in {watch.Elapsed.TotalSeconds:0.00} s"));
            watch.Restart();
        }
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
        // JIT compiling these plain scans costs more than it saves (0.3 s a query, measured).
        await conn.ExecuteAsync(new CommandDefinition("SET TRANSACTION READ ONLY; SET LOCAL jit = off", transaction: tx, cancellationToken: ct));
        async Task<List<T>> Q<T>(string sql, object? args = null) =>
            (await conn.QueryAsync<T>(new CommandDefinition(sql, args, tx, cancellationToken: ct, commandTimeout: 0))).AsList();

        var row = (await Q<CampaignRow>("""
            SELECT id, code, name, time_zone, array_to_string(sale_days, ',') AS sale_days, horizon_start, horizon_end, ship_within_hours
            FROM campaigns WHERE code = @campaignCode
            """, new { campaignCode })).SingleOrDefault() ?? throw new PlanningException($"no campaign '{campaignCode}'");
        var campaign = ToCampaign(row);

        var network = new NetworkModel(
            await Q<Carrier>("SELECT code, name FROM carriers ORDER BY code"),
            await Q<Hub>("SELECT h.code, h.name, c.code AS carrier, coalesce(r.code, '') AS region FROM hubs h JOIN carriers c ON c.id = h.carrier_id LEFT JOIN regions r ON r.id = h.region_id ORDER BY h.code"),
            await Q<Warehouse>("SELECT w.code, w.name, coalesce(r.code, '') AS region FROM warehouses w LEFT JOIN regions r ON r.id = w.region_id ORDER BY w.code"),
            await Q<Region>("SELECT code, name FROM regions ORDER BY code"),
            await Q<Merchant>("SELECT code, name FROM merchants ORDER BY code"),
            await Q<Lane>("""
                SELECT w.code AS warehouse, h.code AS hub, c.code AS carrier, l.transit_hours
                FROM lanes l JOIN warehouses w ON w.id = l.warehouse_id JOIN hubs h ON h.id = l.hub_id JOIN carriers c ON c.id = l.carrier_id
                ORDER BY w.code, h.code
                """),
            await Q<MerchantWarehouse>("""
                SELECT m.code AS merchant, w.code AS warehouse FROM merchant_warehouses mw
                JOIN merchants m ON m.id = mw.merchant_id JOIN warehouses w ON w.id = mw.warehouse_id ORDER BY m.code, w.code
                """));
        // Null when no category is bulky, so a parcels-only network digests as it did before classes.
        var bulkyCategories = await Q<string>($"SELECT code FROM categories WHERE handling = '{HandlingClasses.Bulky}' ORDER BY code");
        if (bulkyCategories.Count > 0) network = network with { BulkyCategories = bulkyCategories };

        Done("network read");
        var codes = await DemandCodes.ReadAsync(conn, tx, ct);
        // The two most recent finished campaigns with outcomes teach how signals became parcels.
        // Whether a campaign has outcomes is one probe of its rows (a scalar subquery, LIMIT 1): as
        // EXISTS it was planned as a semi-join that read every outcome row, 6.5 s at national scale.
        var pastRows = await Q<CampaignRow>("""
            SELECT c.id, c.code, c.name, c.time_zone, array_to_string(c.sale_days, ',') AS sale_days, c.horizon_start, c.horizon_end, c.ship_within_hours
            FROM campaigns c
            WHERE c.horizon_end < @HorizonStart
              AND (SELECT true FROM demand_outcomes o WHERE o.campaign_id = c.id LIMIT 1)
            ORDER BY c.horizon_end DESC LIMIT 2
            """, new { row.HorizonStart });

        // The large reads go two at a time on connections sharing this transaction's snapshot,
        // the largest (past outcomes) first.
        var exported = await conn.ExecuteScalarAsync<string>(new CommandDefinition("SELECT pg_export_snapshot()", transaction: tx, cancellationToken: ct))
            ?? throw new InvalidOperationException("pg_export_snapshot returned nothing");
        // Each demand table is digested as soon as it is read, beside the other streams (after its
        // read has given its slot and connection back), rather than all of them one after another
        // once every read is done (1.5-2.0 s nationally).
        using var streams = new SnapshotStreams(db, exported, 2, progress, ct);
        var outcomesRead = pastRows.Select(p => InputDigest.OfTableAsync(streams.ReadAsync((c, t) => DemandReader.OutcomesAsync(c, t, p.Id, codes, ct),
            o => $"{o.Rows:N0} outcome rows of {p.Code} read"), SnapshotDigest.Of)).ToList();
        var pastSignalsRead = pastRows.Select(p => InputDigest.OfTableAsync(streams.ReadAsync((c, t) => DemandReader.SignalsAsync(c, t, p.Id, codes, ct),
            s => $"{s.Rows:N0} signal rows of {p.Code} read"), InputDigest.OfSignals)).ToList();
        var signalsRead = InputDigest.OfTableAsync(streams.ReadAsync((c, t) => DemandReader.SignalsAsync(c, t, row.Id, codes, ct), s => $"{s.Rows:N0} signal rows of {row.Code} read"), InputDigest.OfSignals);
        var capacitiesRead = streams.ReadAsync((c, t) => CapacityReader.ReadAsync(c, t, campaign, ct), c => $"{c.Count:N0} capacity series read");
        await Task.WhenAll([.. outcomesRead, .. pastSignalsRead, signalsRead, capacitiesRead]);
        var (capacities, (signals, signalsDigest)) = (await capacitiesRead, await signalsRead);

        var previous = (await Q<string>("SELECT state::text FROM alerts WHERE campaign_id = @Id AND in_force AND state IS NOT NULL ORDER BY alert_key", new { row.Id }))
            .Select(s => JsonSerializer.Deserialize<Alert>(s, StateJson)!).ToList();
        await tx.CommitAsync(ct);
        Done("demand and capacity read, previous alerts read");

        var asOf = signals.MaxDay() is { } last ? DateOnly.FromDayNumber(last) : campaign.HorizonStart.AddDays(-1);
        var past = new List<PastColumns>();
        var pastDigests = new List<(string Code, byte[] Signals, byte[] Outcomes)>();
        for (var i = 0; i < pastRows.Count; i++)
        {
            var ((pastSignals, pastSignalsDigest), (outcomes, outcomesDigest)) = (await pastSignalsRead[i], await outcomesRead[i]);
            pastDigests.Add((pastRows[i].Code, pastSignalsDigest, outcomesDigest));
            past.Add(new PastColumns(ToCampaign(pastRows[i]), pastSignals, outcomes));
        }
        var digest = InputDigest.Of(campaign, network, capacities, codes, signalsDigest, asOf, pastDigests);
        Done("digested");

        return new SnapshotWithDemand(
            new PlanningSnapshot(row.Id, campaign, asOf, network, capacities, previous, digest),
            new ForecastColumns(campaign, asOf, signals, past, network));
    }

    private static Campaign ToCampaign(CampaignRow r) => new(r.Code, r.Name, r.TimeZone,
        r.SaleDays.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(d => DateOnly.ParseExact(d, "yyyy-MM-dd", CultureInfo.InvariantCulture)).ToArray(),
        r.HorizonStart, r.HorizonEnd, r.ShipWithinHours);
}
