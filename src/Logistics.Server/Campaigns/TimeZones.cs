using Logistics.Server.Ingest;

namespace Logistics.Server.Campaigns;

/// <summary>"Did you mean" for a campaign's time zone: the IANA zone a slip away (`Asia/Shangai` → `Asia/Shanghai`).</summary>
internal static class TimeZones
{
    // Read once: the system's zone list does not change while the server runs.
    private static readonly Lazy<string[]> Ids = new(() => [.. TimeZoneInfo.GetSystemTimeZones().Select(z => z.Id)]);

    public static string? Near(string zone) => zone.Length == 0 ? null : DidYouMean.Keyword(zone, Ids.Value);
}
