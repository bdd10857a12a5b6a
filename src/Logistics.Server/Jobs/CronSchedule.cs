using System.Diagnostics.CodeAnalysis;
using Cronos;

namespace Logistics.Server.Jobs;

/// <summary>
/// Cron expressions as Hangfire reads them: five fields (minute hour day-of-month month day-of-week),
/// or six with seconds first; day-of-week 0-6 from Sunday (7 is Sunday too). Parsed by Cronos, the
/// library Hangfire embeds, in the same version, so a preview shows exactly what Hangfire will fire.
/// </summary>
internal static class CronSchedule
{
    public static bool TryParse(string? text, [NotNullWhen(true)] out CronExpression? cron, [NotNullWhen(false)] out string? error)
    {
        cron = null;
        var fields = (text ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (fields.Length is not (5 or 6))
        {
            error = $"a cron expression has 5 fields (minute hour day-of-month month day-of-week) or 6 with seconds first; this one has {fields.Length}";
            return false;
        }
        try
        {
            cron = CronExpression.Parse(string.Join(' ', fields), fields.Length == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard);
            error = null;
            return true;
        }
        catch (CronFormatException e)
        {
            error = e.Message;
            return false;
        }
    }

    /// <summary>The next <paramref name="count"/> fire times after <paramref name="after"/>.</summary>
    public static IReadOnlyList<DateTimeOffset> Next(CronExpression cron, DateTimeOffset after, TimeZoneInfo zone, int count)
    {
        var fires = new List<DateTimeOffset>(count);
        for (var at = after; fires.Count < count && cron.GetNextOccurrence(at, zone) is { } next; at = next)
            fires.Add(next);
        return fires;
    }
}
