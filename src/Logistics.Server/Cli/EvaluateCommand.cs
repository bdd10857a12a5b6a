using System.Text.Json;
using Logistics.Scenarios;
using Logistics.Scenarios.Evaluation;

namespace Logistics.Server.Cli;

/// <summary>`evaluate`: replays a generated campaign day by day and scores every run's alerts and windows against what really happens.</summary>
internal static class EvaluateCommand
{
    public static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = new Naming(), WriteIndented = false };

    /// <summary>snake_case, with the digits of "48h" kept apart as the contract spells them (warned_48h_share).</summary>
    private sealed class Naming : JsonNamingPolicy
    {
        public override string ConvertName(string name) =>
            SnakeCaseLower.ConvertName(name).Replace("warned48h", "warned_48h", StringComparison.Ordinal);
    }

    /// <param name="scaleText">small or national (the parser allows no other).</param>
    public static async Task<int> RunAsync(string scaleText, ulong seed, bool appliances, bool json, string? export, bool store, TextWriter stdout, TextWriter stderr,
        CancellationToken ct)
    {
        var scale = scaleText == "national" ? ScenarioScale.National : ScenarioScale.Small;

        using var exporter = export is null ? null : new EvaluationExport(export);
        var report = Replay.Run(scale, seed, line => { ct.ThrowIfCancellationRequested(); stderr.WriteLine($"  {line}"); },
            exporter is null ? null : exporter.Write, appliances: appliances);
        if (exporter is not null)
        {
            exporter.Finish(report);
            stderr.WriteLine($"  wrote what the scores are computed from to {Path.GetFullPath(export!)}");
        }
        if (store)
        {
            await using var db = await CommandLine.OpenMigratedAsync(ct);
            var id = await Evaluation.EvaluationStore.SaveAsync(db.DataSource, report, ct);
            stderr.WriteLine($"  stored as evaluation {id} on {db.Description}: the dashboard shows it at /ops/evaluation");
        }
        stdout.WriteLine(json ? JsonSerializer.Serialize(report, Json) : EvaluationText.Render(report));
        return 0;
    }
}
