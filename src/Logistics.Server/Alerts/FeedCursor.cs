using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Logistics.Server.Alerts;

/// <summary>
/// Cursors are opaque: "POSITION-MAC", the MAC binding the position to one feed (a merchant's or
/// ops'), so a cursor from another feed, or one nobody was given, is recognised and refused.
/// </summary>
internal sealed class FeedCursor(byte[] secret)
{
    public string Issue(string feed, long position) =>
        string.Create(CultureInfo.InvariantCulture, $"{position}-{Mac(feed, position)}");

    /// <summary>The position, or null with the reason the cursor is refused.</summary>
    public (long? Position, string? Error) Parse(string feed, string? cursor, long head)
    {
        if (string.IsNullOrEmpty(cursor)) return (0, null);
        var dash = cursor.IndexOf('-');
        if (dash is < 1 or > 19 || !long.TryParse(cursor.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out var position))
            return (null, "the cursor is malformed: pass back a cursor exactly as the feed gave it");
        var expected = Encoding.ASCII.GetBytes(Mac(feed, position));
        var given = Encoding.ASCII.GetBytes(cursor[(dash + 1)..]);
        if (!CryptographicOperations.FixedTimeEquals(expected, given))
            return (null, "this cursor was not issued for your feed");
        if (position > head)
            return (null, "this cursor is ahead of the feed: it was never issued");
        return (position, null);
    }

    private string Mac(string feed, long position)
    {
        var mac = HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{feed}:{position}")));
        return Convert.ToBase64String(mac, 0, 12).Replace('+', '-').Replace('/', '_');
    }
}
