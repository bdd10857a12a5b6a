using Dapper;
using Logistics.Server.Planning;
using Microsoft.Extensions.Logging.Abstractions;

namespace Logistics.Server.Cli;

/// <summary>`plan [--campaign CODE]`: one planning run now (every active campaign, or the newest one), with its summary.</summary>
internal static class PlanCommand
{
    public static async Task<int> RunAsync(string? campaign, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        await using var db = await CommandLine.OpenMigratedAsync(ct);
        IReadOnlyList<string> campaigns;
        await using (var conn = await db.DataSource.OpenConnectionAsync(ct))
            campaigns = campaign is not null ? [campaign] : (await conn.QueryAsync<string>(new CommandDefinition("""
                SELECT code FROM campaigns
                WHERE horizon_end >= (now() AT TIME ZONE time_zone)::date
                   OR id = (SELECT id FROM campaigns ORDER BY horizon_start DESC LIMIT 1)
                ORDER BY horizon_start, code
                """, cancellationToken: ct))).AsList();
        if (campaigns.Count == 0) throw new CommandFailedException("no campaign to plan: import one first (logistics import campaigns FILE)");

        var runs = new PlanningRun(db.DataSource, Infrastructure.ServiceClock.Current, NullLogger<PlanningRun>.Instance);
        var failed = false;
        foreach (var code in campaigns)
        {
            var progress = new Progress(line => stderr.WriteLine($"{code}: {line}"));
            PlanningSummary s;
            try { s = await runs.RunAsync(code, "manual", Environment.MachineName, progress, ct); }
            catch (PlanningException e) { throw new CommandFailedException(e.Message); }
            stdout.WriteLine($"{code}: run {s.RunId} {s.Status}{(s.Error is null ? "" : $": {s.Error}")}");
            if (s.Stages.Count > 0) stdout.WriteLine("  stages: " + string.Join(", ", s.Stages.Select(x => $"{x.Name} {x.Seconds:0.00} s")));
            if (s.Counts.Count > 0) stdout.WriteLine("  counts: " + string.Join(", ", s.Counts.Select(c => $"{c.Key} {c.Value:N0}")));
            failed |= s.State == RunStatus.Failed;
        }
        return failed ? 1 : 0;
    }

    private sealed class Progress(Action<string> report) : IProgress<string>
    {
        public void Report(string value) => report(value);
    }
}
