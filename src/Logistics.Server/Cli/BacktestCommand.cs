using System.Globalization;
using System.Text.Json;
using Logistics.Domain.Backtesting;

namespace Logistics.Server.Cli;

/// <summary>
/// `backtest`: run the product's forecaster on a series file (or the route file) and score it against
/// the baselines, either on one window fitted up to a cutoff, or with `--rolling` on every peak of the
/// file in time order.
/// </summary>
internal static class BacktestCommand
{
    private const string Usage = "usage: backtest --series FILE (--rolling | --campaign-days D1,D2,.. --cutoff DATE --from DATE --to DATE) [--json]";
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>What a `backtest` line gave; which combinations make sense is checked here.</summary>
    public sealed record Request(string Series, bool Rolling, string? CampaignDays, string? Cutoff, string? From, string? To, bool Json);

    public static async Task<int> RunAsync(Request args, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        var path = args.Series;
        if (args.Rolling) return await RollingAsync(args, path, stdout, stderr);
        var days = args.CampaignDays ?? throw new UsageException($"--campaign-days is required; {Usage}");
        var cutoff = Date(args.Cutoff, "cutoff");
        var from = Date(args.From, "from");
        var to = Date(args.To, "to");
        var json = args.Json;
        var campaignDays = days.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(d => Date(d, "campaign-days")).ToList();
        if (to < from) throw new UsageException("--to is before --from");
        if (from <= cutoff) throw new UsageException("--from must be after --cutoff: the forecast may only use what was known at the cutoff");
        var rows = await ReadAsync(path, stderr); // a bad file is named first, whatever else is wrong
        if (campaignDays.Count(d => d <= cutoff) == 0 || campaignDays.Count(d => d > cutoff) == 0)
            throw new UsageException("--campaign-days needs a day on or before --cutoff (the last campaign) and one after it (this campaign)");
        var report = Backtester.Run(new BacktestRequest(rows, campaignDays, cutoff, from, to));
        await stdout.WriteLineAsync(json ? JsonSerializer.Serialize(report, Json) : BacktestText.Render(report));
        return 0;
    }

    private static async Task<int> RollingAsync(Request args, string path, TextWriter stdout, TextWriter stderr)
    {
        var json = args.Json;
        foreach (var (option, value) in new[] { ("campaign-days", args.CampaignDays), ("cutoff", args.Cutoff), ("from", args.From), ("to", args.To) })
            if (value is not null) throw new UsageException($"--rolling chooses its own cutoffs and windows: drop --{option}; {Usage}");
        var rows = await ReadAsync(path, stderr);
        if (rows.Count == 0) throw new CommandFailedException($"{path} has no rows");
        var report = RollingBacktester.Run(rows);
        if (report.Peaks.Count == 0) throw new CommandFailedException($"{path} covers no peak with a previous one of its kind (11.01, 11.11, 12.12, 618 a year apart)");
        await stdout.WriteLineAsync(json ? JsonSerializer.Serialize(report, Json) : RollingText.Render(report));
        return 0;
    }

    private static async Task<IReadOnlyList<SeriesRow>> ReadAsync(string path, TextWriter stderr)
    {
        if (!File.Exists(path)) throw new CommandFailedException($"no such file: {path}");
        using var reader = new StreamReader(path);
        var parsed = SeriesCsv.Parse(reader);
        if (!parsed.Ok)
        {
            foreach (var e in parsed.Errors.Take(1000)) await stderr.WriteLineAsync($"{path}: {e}");
            throw new CommandFailedException($"{parsed.Errors.Count} bad line{(parsed.Errors.Count == 1 ? "" : "s")} in {path}");
        }
        return parsed.Rows;
    }

    private static DateOnly Date(string? text, string option) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            ? d : throw new UsageException($"--{option} needs dates as YYYY-MM-DD, not '{text}'; {Usage}");
}
