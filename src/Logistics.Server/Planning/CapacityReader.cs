using System.Globalization;
using Dapper;
using Logistics.Domain.Campaigns;
using Logistics.Domain.Capacity;
using Logistics.Domain.Planning;
using Npgsql;

namespace Logistics.Server.Planning;

/// <summary>
/// The snapshot's capacity: every series of the horizon, each hour the latest version's figure, and
/// <see cref="SnapshotReader.Unconstrained"/> where a series has none.
/// </summary>
internal static class CapacityReader
{
    /// <summary>
    /// Every capacity history row of the horizon [from, to), in the table's physical order (no
    /// ORDER BY, no DISTINCT ON: a scan costs PostgreSQL far less than walking the history's index,
    /// and the effective figure of each hour, the latest version's, is picked in process). The hour
    /// goes as PostgreSQL's own timestamp (microseconds), not as a computed offset.
    /// </summary>
    internal static string CapacityQuery(DateTimeOffset from, DateTimeOffset to) => string.Create(CultureInfo.InvariantCulture, $"""
        SELECT kind, node_id, carrier_id, hour, parcels, version
        FROM capacity_history
        WHERE hour >= '{from.UtcDateTime:yyyy-MM-ddTHH:mm:ss}Z' AND hour < '{to.UtcDateTime:yyyy-MM-ddTHH:mm:ss}Z'
        """);

    /// <summary>PostgreSQL's timestamps count microseconds from 2000-01-01 UTC.</summary>
    private static readonly long PostgresEpochTicks = new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc).Ticks;

    private const long MicrosPerHour = 3_600_000_000;

    /// <summary>One bucket of the history (node, kind, carrier): the effective figure of each hour and the version it came from.</summary>
    private sealed class Bucket(int hours)
    {
        public readonly long[] Parcels = Enumerable.Repeat(SnapshotReader.Unconstrained, hours).ToArray();
        public readonly long[] Versions = Enumerable.Repeat(long.MinValue, hours).ToArray();
    }

    public static async Task<List<CapacitySeries>> ReadAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Campaign campaign, CancellationToken ct)
    {
        var hours = campaign.HorizonHours;
        var from = (campaign.HorizonStartUtc.UtcTicks - PostgresEpochTicks) / 10;
        async Task<Dictionary<long, string>> Codes(string table) =>
            (await conn.QueryAsync<(long Id, string Code)>(new CommandDefinition($"SELECT id, code FROM {table}", transaction: tx, cancellationToken: ct)))
            .ToDictionary(r => r.Id, r => r.Code);
        var (hubs, warehouses, carriers) = (await Codes("hubs"), await Codes("warehouses"), await Codes("carriers"));

        // Buckets by (node id, kind, carrier id; -1 for none): the view's DISTINCT ON groups.
        var buckets = new Dictionary<(long Node, CapacityKind Kind, long Carrier), Bucket>();
        (long, CapacityKind, long) lastKey = default;
        Bucket? last = null;
        await using (var stream = await conn.BeginRawBinaryCopyAsync($"COPY ({CapacityQuery(campaign.HorizonStartUtc, campaign.HorizonEndUtc)}) TO STDOUT (FORMAT BINARY)", ct))
        {
            var copy = await BinaryCopyReader.OpenAsync(stream, 6, ct);
            while (await copy.NextRowAsync(ct))
            {
                var kind = KindOf(copy.Text());
                var key = (copy.Int64(), kind, copy.NullableInt64() ?? -1);
                var hour = HourIndex(copy.Timestamp() - from);
                var (parcels, version) = (copy.Int32(), copy.Int64());
                if (last is null || key != lastKey)
                {
                    if (!buckets.TryGetValue(key, out last)) buckets[key] = last = new Bucket(hours);
                    lastKey = key;
                }
                if (hour >= 0 && hour < hours && version > last.Versions[hour]) (last.Parcels[hour], last.Versions[hour]) = (parcels, version);
            }
        }

        var series = new Dictionary<(CapacityKind, string, string?), long[]>();
        foreach (var ((node, kind, carrier), bucket) in buckets.OrderBy(b => b.Key.Node).ThenBy(b => b.Key.Kind switch { CapacityKind.Outbound => 0, CapacityKind.Pickup => 1, CapacityKind.Sort => 2, CapacityKind.BulkyPickup => 3, _ => 4 }).ThenBy(b => b.Key.Carrier < 0 ? long.MaxValue : b.Key.Carrier))
        {
            // A sort hub's series is keyed by the hub alone; the planner knows the hub's carrier from the network.
            var key = (kind, kind is CapacityKind.Sort or CapacityKind.BulkySort ? hubs[node] : warehouses[node],
                kind is CapacityKind.Pickup or CapacityKind.BulkyPickup ? carriers[carrier] : null);
            if (!series.TryGetValue(key, out var parcels))
                series[key] = parcels = Enumerable.Repeat(SnapshotReader.Unconstrained, hours).ToArray();
            for (var h = 0; h < hours; h++)
                if (bucket.Versions[h] != long.MinValue) parcels[h] = bucket.Parcels[h];
        }
        return series.OrderBy(s => s.Key.Item1).ThenBy(s => s.Key.Item2, StringComparer.Ordinal).ThenBy(s => s.Key.Item3, StringComparer.Ordinal)
            .Select(s => new CapacitySeries(s.Key.Item2, s.Key.Item1, s.Key.Item3, s.Value)).ToList();
    }

    /// <summary>A history row's kind from its spelling (the table's check allows no other).</summary>
    internal static CapacityKind KindOf(ReadOnlySpan<byte> text) => text switch
    {
        _ when text.SequenceEqual("sort"u8) => CapacityKind.Sort,
        _ when text.SequenceEqual("pickup"u8) => CapacityKind.Pickup,
        _ when text.SequenceEqual("outbound"u8) => CapacityKind.Outbound,
        _ when text.SequenceEqual("bulky_sort"u8) => CapacityKind.BulkySort,
        _ when text.SequenceEqual("bulky_pickup"u8) => CapacityKind.BulkyPickup,
        _ => throw new InvalidDataException($"capacity_history holds a kind '{System.Text.Encoding.UTF8.GetString(text)}' that no version of this service writes"),
    };

    /// <summary>
    /// The hour of the horizon a time falls in, rounded half away from zero as PostgreSQL rounds
    /// numeric to int (a zone with a half-hour offset puts whole UTC hours at half hours).
    /// </summary>
    internal static int HourIndex(long microsFromStart)
    {
        var (q, r) = Math.DivRem(microsFromStart, MicrosPerHour);
        if (2 * Math.Abs(r) >= MicrosPerHour) q += Math.Sign(r);
        return (int)Math.Clamp(q, int.MinValue, int.MaxValue);
    }
}
