using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using Dapper;
using Logistics.Server.Publication;
using Npgsql;

namespace Logistics.Server.Alerts;

/// <summary>
/// The newest feed position per merchant (and for ops), and the run each campaign publishes, kept in
/// memory so a poll with the newest ETag is answered without touching the large tables. Refreshed
/// when a publication's NOTIFY arrives, and every few seconds in case one was missed.
/// </summary>
internal sealed class FeedState(NpgsqlDataSource db, ILogger<FeedState> log) : BackgroundService
{
    private static readonly TimeSpan FallbackPoll = TimeSpan.FromSeconds(3);
    private readonly TaskCompletionSource _loaded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentDictionary<long, long> _merchantHeads = new();
    private volatile IReadOnlyDictionary<string, CampaignInfo> _campaigns = new Dictionary<string, CampaignInfo>();
    private long _head, _networkWideHead;

    public sealed record CampaignInfo(string Code, long Id, string TimeZone, DateOnly[] SaleDays, DateOnly HorizonStart, DateOnly HorizonEnd, long? PublishedRun);

    public FeedCursor Cursors { get; private set; } = new([]);

    /// <summary>Waits until the state has been read once; a TimeoutException (answered 503) when the database stays away.</summary>
    public Task Loaded => _loaded.Task.WaitAsync(TimeSpan.FromSeconds(10));

    public long Head => Interlocked.Read(ref _head);

    /// <summary>The newest position of the feed a caller reads: ops read everything, a merchant what concerns it.</summary>
    public long HeadFor(long? merchantId) =>
        merchantId is { } m ? Math.Max(Interlocked.Read(ref _networkWideHead), _merchantHeads.GetValueOrDefault(m)) : Head;

    public IReadOnlyDictionary<string, CampaignInfo> Campaigns => _campaigns;

    /// <summary>Changes whenever any campaign publishes: part of the ETags of the alert list and windows.</summary>
    public string PublicationStamp => string.Join(",", _campaigns.Values.OrderBy(c => c.Id).Select(c => $"{c.Id}:{c.PublishedRun}"));

    protected override async Task ExecuteAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await using var conn = await db.OpenConnectionAsync(stop);
                if (!_loaded.Task.IsCompleted) Cursors = new FeedCursor(await SecretAsync(conn, stop));
                await conn.ExecuteAsync($"LISTEN {Publisher.Channel}");
                await RefreshAsync(conn, stop);
                _loaded.TrySetResult();
                while (!stop.IsCancellationRequested)
                {
                    await conn.WaitAsync(FallbackPoll, stop);   // a NOTIFY, or the fallback poll
                    await RefreshAsync(conn, stop);
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested) { return; }
            catch (Exception e) when (e is NpgsqlException or TimeoutException or System.Net.Sockets.SocketException)
            {
                // The database is away: keep serving what we know and try again shortly.
                log.LogWarning("feed state refresh failed, retrying: {Message}", e.Message);
                await Task.Delay(FallbackPoll, stop);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Never take the host down with us: log, and try again.
                log.LogError(e, "feed state refresh failed");
                await Task.Delay(FallbackPoll, stop);
            }
        }
    }

    /// <summary>
    /// A campaign by code; on a miss the campaigns are read again first, so one imported a moment
    /// ago is not answered 404 until the next refresh.
    /// </summary>
    public async Task<CampaignInfo?> FindCampaignAsync(string code, CancellationToken ct)
    {
        if (_campaigns.TryGetValue(code, out var known)) return known;
        await using var conn = await db.OpenConnectionAsync(ct);
        await RefreshCampaignsAsync(conn, ct);
        return _campaigns.GetValueOrDefault(code);
    }

    /// <summary>Reads what changed since the last refresh. Merchant heads first, the global head last.</summary>
    public async Task RefreshAsync(NpgsqlConnection conn, CancellationToken ct)
    {
        var old = Head;
        var head = await conn.ExecuteScalarAsync<long>(new CommandDefinition(Publisher.FeedHeadSql, cancellationToken: ct));
        if (head != old)
        {
            // A feed's head never moves back when retention removes its events: cursors issued before stay valid.
            if (old == 0)
                foreach (var (feed, through) in await conn.QueryAsync<(string, long)>(new CommandDefinition("SELECT feed, through FROM alert_feed_trims", cancellationToken: ct)))
                {
                    if (feed == "network") Interlocked.Exchange(ref _networkWideHead, Math.Max(through, Interlocked.Read(ref _networkWideHead)));
                    else if (feed.StartsWith("m:", StringComparison.Ordinal) && long.TryParse(feed.AsSpan(2), CultureInfo.InvariantCulture, out var m))
                        _merchantHeads.AddOrUpdate(m, through, (_, current) => Math.Max(current, through));
                }
            // A merchant's feed row holds one publication's positions, and a committed head never
            // falls inside one (sql/0012): its last position says it all.
            foreach (var (merchant, position) in await conn.QueryAsync<(long, long)>(new CommandDefinition("""
                SELECT merchant_id, max(last_position) FROM merchant_feed
                WHERE last_position > @old AND last_position <= @head GROUP BY merchant_id
                """, new { old, head }, cancellationToken: ct)))
                _merchantHeads.AddOrUpdate(merchant, position, (_, current) => Math.Max(current, position));
            var networkWide = await conn.ExecuteScalarAsync<long?>(new CommandDefinition(
                "SELECT max(position) FROM alert_events WHERE network_wide AND position > @old AND position <= @head", new { old, head }, cancellationToken: ct));
            if (networkWide is { } n) Interlocked.Exchange(ref _networkWideHead, Math.Max(n, Interlocked.Read(ref _networkWideHead)));
            Interlocked.Exchange(ref _head, head);
        }
        await RefreshCampaignsAsync(conn, ct);
    }

    private async Task RefreshCampaignsAsync(NpgsqlConnection conn, CancellationToken ct)
    {
        var campaigns = await conn.QueryAsync<(string Code, long Id, string TimeZone, string SaleDays, DateOnly HorizonStart, DateOnly HorizonEnd, long? PublishedRun)>(
            new CommandDefinition("""
                SELECT c.code, c.id, c.time_zone, array_to_string(c.sale_days, ','), c.horizon_start, c.horizon_end, p.plan_run_id
                FROM campaigns c LEFT JOIN publications p ON p.campaign_id = c.id
                """, cancellationToken: ct));
        _campaigns = campaigns.ToDictionary(c => c.Code, c => new CampaignInfo(c.Code, c.Id, c.TimeZone,
            c.SaleDays.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(d => DateOnly.ParseExact(d, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)).ToArray(),
            c.HorizonStart, c.HorizonEnd, c.PublishedRun));
    }

    private static async Task<byte[]> SecretAsync(NpgsqlConnection conn, CancellationToken ct)
    {
        await conn.ExecuteAsync(new CommandDefinition(
            "INSERT INTO server_secrets (name, value) VALUES ('feed-cursor', @value) ON CONFLICT (name) DO NOTHING",
            new { value = RandomNumberGenerator.GetBytes(32) }, cancellationToken: ct));
        return await conn.ExecuteScalarAsync<byte[]>(new CommandDefinition("SELECT value FROM server_secrets WHERE name = 'feed-cursor'", cancellationToken: ct))
            ?? throw new InvalidOperationException("the feed-cursor secret is missing");
    }
}
