using System.Globalization;

namespace Logistics.Server.Dashboard;

/// <summary>
/// A plain-English reading of the cron shapes ops actually use (Hangfire's: five fields, or six
/// with seconds first); others are spelled out field by field.
/// </summary>
internal static class CronText
{
    public static string Describe(string cron, string zone = "UTC")
    {
        var f = cron.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (f.Length is not (5 or 6)) return cron;
        var sec = f.Length == 6 ? f[0] : "0";
        var (min, hour, dom, month, dow) = (f[^5], f[^4], f[^3], f[^2], f[^1]);
        var everyDay = dom is "*" or "?" && month == "*" && dow is "*" or "?";
        if (everyDay && min == "*" && hour == "*" && Step(sec) is { } s) return $"every {s} seconds";
        if (everyDay && sec == "0")
        {
            if (Step(min) is { } m && hour == "*") return $"every {m} minutes";
            if (min == "*" && hour == "*") return "every minute";
            if (IsNumber(min) && hour == "*") return $"every hour at minute {min}";
            if (IsNumber(min) && IsNumber(hour)) return $"every day at {int.Parse(hour, CultureInfo.InvariantCulture):00}:{int.Parse(min, CultureInfo.InvariantCulture):00} {zone}";
            if (IsNumber(min) && Step(hour) is { } h) return $"every {h} hours at minute {min}";
        }
        return $"second {sec}, minute {min}, hour {hour}, day of month {dom}, month {month}, day of week {dow} (0 = Sunday; {zone})";
    }

    /// <summary>"*/n" or "0/n": every n.</summary>
    private static string? Step(string field) =>
        field.Length > 2 && (field.StartsWith("*/", StringComparison.Ordinal) || field.StartsWith("0/", StringComparison.Ordinal)) && IsNumber(field[2..]) ? field[2..] : null;

    private static bool IsNumber(string s) => int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out _);
}
