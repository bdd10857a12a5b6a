using Dapper;
using Logistics.Server.Publication;
using Npgsql;

namespace Logistics.Server.Tests.Support;

/// <summary>Makes published runs the way the planning job does: a plan_runs row and one publishing transaction.</summary>
public static class Publishing
{
    public static readonly DateTimeOffset Sale = new(2026, 11, 10, 16, 0, 0, TimeSpan.Zero);   // 11.11 00:00 in Shanghai

    public static async Task<(long Run, PublishResult Result)> PublishAsync(string connectionString, string campaign,
        IReadOnlyList<PublishedWindow> windows, IReadOnlyList<PublishedAlert> alerts, IReadOnlyDictionary<string, string>? merged = null)
    {
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        var run = await conn.ExecuteScalarAsync<long>(
            "INSERT INTO plan_runs (campaign_id, status) SELECT id, 'running' FROM campaigns WHERE code = @campaign RETURNING id", new { campaign });
        await using var tx = await conn.BeginTransactionAsync();
        var result = await Publisher.PublishAsync(conn, tx, new Publication.Publication(campaign, run, windows, alerts) { Merged = merged ?? new Dictionary<string, string>() }, DateTimeOffset.UtcNow, CancellationToken.None);
        await conn.ExecuteAsync("UPDATE plan_runs SET status = 'published', finished_at = now() WHERE id = @run", new { run }, tx);
        await tx.CommitAsync();
        return (run, result);
    }

    public static PublishedWindow Window(string merchant, string warehouse, string carrier, string hub, int hour, int parcels) =>
        new(merchant, warehouse, carrier, hub, Sale.AddHours(hour), Sale.AddHours(hour + 1), parcels);

    public static PublishedAlert Alert(string key, string level, string node, double p90, double capacity, bool networkWide = false, params string[] merchants) =>
        new(key, level, "SF", node, "hub", Sale.AddHours(2), Sale.AddHours(42), p90 * 0.8, p90, capacity, p90 / capacity,
            $"P90 load {p90} exceeds capacity {capacity}", "hand over after 2026-11-12 18:00", networkWide, merchants);
}
