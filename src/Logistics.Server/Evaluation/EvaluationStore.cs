using System.Text.Json;
using Dapper;
using Logistics.Scenarios.Evaluation;
using Logistics.Server.Cli;
using Npgsql;

namespace Logistics.Server.Evaluation;

/// <summary>Replays kept for the dashboard: each report as `evaluate --json` prints it.</summary>
internal static class EvaluationStore
{
    public sealed record Stored(long Id, string Campaign, string Scale, long Seed, DateTime CreatedAt, string Report);

    public static async Task<long> SaveAsync(NpgsqlDataSource db, EvaluationReport report, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.ExecuteScalarAsync<long>(new CommandDefinition("""
            INSERT INTO evaluations (campaign, scale, seed, report) VALUES (@Campaign, @Scale, @Seed, @json::jsonb) RETURNING id
            """, new { report.Campaign, report.Scale, Seed = (long)report.Seed, json = JsonSerializer.Serialize(report, EvaluateCommand.Json) }, cancellationToken: ct));
    }

    /// <summary>The newest replay of each campaign, newest first.</summary>
    public static async Task<IReadOnlyList<Stored>> LatestAsync(NpgsqlDataSource db, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return (await conn.QueryAsync<Stored>(new CommandDefinition("""
            SELECT DISTINCT ON (campaign) id, campaign, scale, seed, created_at, report::text AS report
            FROM evaluations
            ORDER BY campaign, id DESC
            """, cancellationToken: ct))).OrderByDescending(s => s.Id).ToList();
    }
}
