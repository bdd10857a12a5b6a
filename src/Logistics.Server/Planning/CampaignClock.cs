using System.Globalization;
using Logistics.Domain.Campaigns;

namespace Logistics.Server.Planning;

/// <summary>
/// A campaign's horizon hours as instants: UTC, the campaign's local time with its offset (RFC 3339),
/// and the short local text alerts are written in ("Nov 11 02:00"). The texts are made once: a
/// national run's alerts name a million hours.
/// </summary>
internal sealed class CampaignClock
{
    private readonly Campaign _campaign;
    private readonly string[] _texts;

    public CampaignClock(Campaign campaign)
    {
        _campaign = campaign;
        _texts = Enumerable.Range(0, campaign.HorizonHours + 1).Select(Format).ToArray();
    }

    public string Zone => _campaign.TimeZone;

    public DateTimeOffset Utc(int hour) => _campaign.HorizonStartUtc.AddHours(hour);

    public DateTimeOffset Local(int hour) => TimeZoneInfo.ConvertTime(Utc(hour), _campaign.Zone);

    public string Text(int hour) => (uint)hour < (uint)_texts.Length ? _texts[hour] : Format(hour);

    private string Format(int hour) => Local(hour).ToString("MMM d HH:mm", CultureInfo.InvariantCulture);
}
