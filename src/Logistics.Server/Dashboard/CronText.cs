using System.Globalization;

namespace Logistics.Server.Dashboard;

/// <summary>A plain-English reading of the Quartz cron shapes ops actually use; others are spelled out field by field.</summary>
internal static class CronText
{
    public static string Describe(string cron)
    {
        var f = cron.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (f.Length < 6) return cron;
        var (sec, min, hour, dom, month, dow) = (f[0], f[1], f[2], f[3], f[4], f[5]);
        var everyDay = dom is "*" or "?" && month == "*" && dow is "*" or "?";
        if (sec == "0" && everyDay)
        {
            if (min.StartsWith("0/", StringComparison.Ordinal) && hour == "*") return $"every {min[2..]} minutes";
            if (min.StartsWith("*/", StringComparison.Ordinal) && hour == "*") return $"every {min[2..]} minutes";
            if (IsNumber(min) && hour == "*") return $"every hour at minute {min}";
            if (IsNumber(min) && IsNumber(hour)) return $"every day at {int.Parse(hour, CultureInfo.InvariantCulture):00}:{int.Parse(min, CultureInfo.InvariantCulture):00} UTC";
            if (IsNumber(min) && hour.StartsWith("0/", StringComparison.Ordinal)) return $"every {hour[2..]} hours at minute {min}";
        }
        return $"second {sec}, minute {min}, hour {hour}, day of month {dom}, month {month}, day of week {dow} (UTC)";
    }

    private static bool IsNumber(string s) => int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out _);
}
