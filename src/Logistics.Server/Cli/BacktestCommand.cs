using System.Globalization;
using System.Text.Json;
using Logistics.Domain.Backtesting;

namespace Logistics.Server.Cli;

/// <summary>`backtest`: fit on a series file up to the cutoff, forecast a window, score it against the file and the baselines.</summary>
internal static class BacktestCommand
{
    private const string Usage = "usage: backtest --series FILE --campaign-days D1,D2,.. --cutoff DATE --from DATE --to DATE [--json]";

    public static async Task<int> RunAsync(Args args, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        var path = args.Option("series") ?? throw new UsageException($"--series is required; {Usage}");
        var days = args.Option("campaign-days") ?? throw new UsageException($"--campaign-days is required; {Usage}");
        var cutoff = Date(args.Option("cutoff"), "cutoff");
        var from = Date(args.Option("from"), "from");
        var to = Date(args.Option("to"), "to");
        var json = args.Flag("json");
        args.RejectUnknown();
        if (args.Words.Count > 0) throw new UsageException($"unexpected '{args.Words[0]}'; {Usage}");
        var campaignDays = days.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(d => Date(d, "campaign-days")).ToList();
        if (to < from) throw new UsageException("--to is before --from");
        if (from <= cutoff) throw new UsageException("--from must be after --cutoff: the forecast may only use what was known at the cutoff");
        if (!File.Exists(path)) throw new CommandFailedException($"no such file: {path}");

        using var reader = new StreamReader(path);
        var parsed = SeriesCsv.Parse(reader);
        if (!parsed.Ok)
        {
            foreach (var e in parsed.Errors.Take(1000)) await stderr.WriteLineAsync($"{path}: {e}");
            throw new CommandFailedException($"{parsed.Errors.Count} bad line{(parsed.Errors.Count == 1 ? "" : "s")} in {path}");
        }
        var report = Backtester.Run(new BacktestRequest(parsed.Rows, campaignDays, cutoff, from, to));
        await stdout.WriteLineAsync(json
            ? JsonSerializer.Serialize(report, new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower })
            : BacktestText.Render(report));
        return 0;
    }

    private static DateOnly Date(string? text, string option) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            ? d : throw new UsageException($"--{option} needs dates as YYYY-MM-DD, not '{text}'; {Usage}");
}
