using Dapper;
using Logistics.Server.Maintenance;
using Logistics.Server.Publication;
using Logistics.Server.Storage;
using Npgsql;

namespace Logistics.Server.Alerts;

/// <summary>
/// Removes a prefix of the alert feed (every event up to the newest one older than the period), under
/// the publishers' numbering lock, and records per feed how far it removed: a cursor from before it
/// then hears 410 instead of silently skipping events.
/// </summary>
internal sealed class FeedRetention : IRetentionStep
{
    public RetentionStage Stage => RetentionStage.Feed;
    public string Removes => "events";

    public async Task<long> RemoveAsync(NpgsqlConnection conn, int days, CancellationToken ct)
    {
        await using var tx = await conn.BeginTransactionAsync(ct);
        await conn.ExecuteLockAsync(tx, Publisher.FeedLock, ct);
        var through = await conn.ExecuteScalarAsync<long?>(new CommandDefinition(
            "SELECT max(position) FROM alert_events WHERE published_at < now() - make_interval(days => @days)", new { days }, tx, cancellationToken: ct));
        if (through is not { } p) return 0;
        await conn.ExecuteAsync(new CommandDefinition(RecordTrim, new { through = p }, tx, commandTimeout: 0, cancellationToken: ct));
        await conn.ExecuteAsync(new CommandDefinition(TrimMerchantFeeds, new { through = p }, tx, commandTimeout: 0, cancellationToken: ct));
        var events = await conn.ExecuteAsync(new CommandDefinition("DELETE FROM alert_events WHERE position <= @p", new { p }, tx, commandTimeout: 0, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return events;
    }

    /// <summary>Per feed (every merchant's, the network-wide one, and ops' 'all'), the highest position about to be removed.</summary>
    private const string RecordTrim = """
        INSERT INTO alert_feed_trims (feed, through)
        SELECT 'm:' || f.merchant_id, max(x.position)
        FROM merchant_feed f CROSS JOIN LATERAL unnest(f.positions) AS x(position)
        WHERE f.first_position <= @through AND x.position <= @through
        GROUP BY f.merchant_id
        UNION ALL
        SELECT 'network', max(position) FROM alert_events WHERE network_wide AND position <= @through HAVING count(*) > 0
        UNION ALL
        SELECT 'all', @through
        ON CONFLICT (feed) DO UPDATE SET through = greatest(alert_feed_trims.through, excluded.through)
        """;

    /// <summary>
    /// The merchants' feed rows of positions up to @through: wholly removed, or (a row that goes on
    /// past it) keeping the rest. Publications trim whole, since their events share a time, so the
    /// second is rare.
    /// </summary>
    private const string TrimMerchantFeeds = """
        DELETE FROM merchant_feed WHERE last_position <= @through;
        UPDATE merchant_feed
        SET positions = ARRAY(SELECT x FROM unnest(positions) AS x WHERE x > @through ORDER BY x),
            first_position = (SELECT min(x) FROM unnest(positions) AS x WHERE x > @through)
        WHERE first_position <= @through AND last_position > @through;
        """;
}
