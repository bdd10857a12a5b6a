namespace Logistics.Server.Ingest;

/// <summary>
/// "Did you mean" for a rejected code or keyword: the same code in other letter case, or, among a
/// few keywords, the one a small slip away (`srot` → `sort`).
/// </summary>
internal static class DidYouMean
{
    /// <summary>The reason with " (did you mean 'X'?)" when a suggestion is close, else the reason itself.</summary>
    public static string Append(string reason, string? suggestion) =>
        suggestion is null ? reason : $"{reason} (did you mean '{suggestion}'?)";

    /// <summary>Codes by their letters in any case (the first of codes that differ only in case), for <see cref="OtherCase"/>.</summary>
    public static Dictionary<string, string> AnyCase(IEnumerable<string> codes)
    {
        var map = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var c in codes) map.TryAdd(c, c);
        return map;
    }

    /// <summary>The known code that differs from <paramref name="value"/> only in letter case (`c01-h01` → `C01-H01`), if any.</summary>
    public static string? OtherCase(string value, Dictionary<string, string> anyCase) =>
        anyCase.TryGetValue(value, out var code) && code != value ? code : null;

    /// <summary>The one keyword within 2 edits (1 for short words) of <paramref name="value"/>, if exactly one is nearest.</summary>
    public static string? Keyword(string value, IReadOnlyList<string> keywords)
    {
        if (value.Length == 0 || value.Length > 64) return null;
        string? best = null;
        var bestDistance = int.MaxValue;
        var tie = false;
        foreach (var k in keywords)
        {
            var d = Distance(value.ToLowerInvariant(), k.ToLowerInvariant());
            if (d < bestDistance) (best, bestDistance, tie) = (k, d, false);
            else if (d == bestDistance) tie = true;
        }
        var allowed = Math.Min(value.Length, best?.Length ?? 0) <= 4 ? 1 : 2;
        return best is not null && !tie && bestDistance <= allowed ? best : null;
    }

    /// <summary>Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours count 1.</summary>
    internal static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
            }
        return d[a.Length, b.Length];
    }
}
