using System.Globalization;
using System.Text.Json;
using Logistics.Domain.Evaluation;
using Logistics.Domain.Scenarios;

namespace Logistics.Server.Cli;

/// <summary>`evaluate`: replays a generated campaign day by day and scores every run's alerts and windows against what really happens.</summary>
internal static class EvaluateCommand
{
    private const string Usage = "usage: evaluate [--scale small|national] [--seed N] [--json] [--export DIR] [--store]";

    public static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = new Naming(), WriteIndented = false };

    /// <summary>snake_case, with the digits of "48h" kept apart as the contract spells them (warned_48h_share).</summary>
    private sealed class Naming : JsonNamingPolicy
    {
        public override string ConvertName(string name) =>
            SnakeCaseLower.ConvertName(name).Replace("warned48h", "warned_48h", StringComparison.Ordinal);
    }

    public static async Task<int> RunAsync(Args args, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        var scaleText = args.Option("scale") ?? "small";
        var seedText = args.Option("seed") ?? "11";
        var json = args.Flag("json");
        var export = args.Option("export");
        var store = args.Flag("store");
        args.RejectUnknown();
        if (args.Words.Count > 0) throw new UsageException($"unexpected '{args.Words[0]}'; {Usage}");
        var scale = scaleText switch { "small" => ScenarioScale.Small, "national" => ScenarioScale.National, _ => throw new UsageException($"--scale is small or national, not '{scaleText}'") };
        if (!ulong.TryParse(seedText, NumberStyles.None, CultureInfo.InvariantCulture, out var seed)) throw new UsageException($"--seed is a whole number, not '{seedText}'");

        using var exporter = export is null ? null : new EvaluationExport(export);
        var report = Replay.Run(scale, seed, line => { ct.ThrowIfCancellationRequested(); stderr.WriteLine($"  {line}"); },
            exporter is null ? null : exporter.Write);
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
