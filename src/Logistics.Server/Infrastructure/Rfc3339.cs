using System.Globalization;
using System.Text.RegularExpressions;

namespace Logistics.Server;

/// <summary>Query-string times: RFC 3339, a date and a time with an offset (Z or ±hh:mm); a bare date is not one.</summary>
internal static partial class Rfc3339
{
    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$")]
    private static partial Regex Shape();

    public static bool TryParse(string? s, out DateTimeOffset at)
    {
        at = default;
        return s is not null && Shape().IsMatch(s) && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.None, out at);
    }
}
