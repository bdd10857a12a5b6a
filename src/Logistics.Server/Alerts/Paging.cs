using System.Globalization;

namespace Logistics.Server.Alerts;

/// <summary>
/// The feed's paging, shared by the alert list and the windows: `limit` (1..1000, default 100),
/// `after` a signed cursor, and `Link: <…>; rel="next"` when more exist.
/// </summary>
internal static class Paging
{
    /// <summary>
    /// The alert list's and the windows' page size: none (the whole list, as v1 answered before it
    /// paged, so existing clients keep working) unless the request asks for pages with `limit` or `after`.
    /// </summary>
    public static (bool Valid, int? Take) ListLimit(string? limit, string? after) =>
        limit is null && after is null ? (true, null) : Limit(limit) is { } take ? (true, take) : (false, null);

    public static int? Limit(string? limit)
    {
        if (limit is null) return AlertEndpoints.DefaultLimit;
        return int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out var take) && take is >= 1 and <= AlertEndpoints.MaxLimit ? take : null;
    }

    public static IResult BadLimit() =>
        Problems.Result(Problems.BadRequest, $"limit is a whole number from 1 to {AlertEndpoints.MaxLimit} (default {AlertEndpoints.DefaultLimit})");

    /// <summary>The same request with `after` and `limit` set: every other parameter kept.</summary>
    public static void LinkNext(HttpContext http, string cursor, int take)
    {
        var query = http.Request.Query.Where(q => q.Key is not ("after" or "limit"))
            .Select(q => $"{Uri.EscapeDataString(q.Key)}={Uri.EscapeDataString(q.Value.ToString())}")
            .Append($"after={Uri.EscapeDataString(cursor)}").Append(string.Create(CultureInfo.InvariantCulture, $"limit={take}"));
        http.Response.Headers.Link = $"<{http.Request.Path}?{string.Join('&', query)}>; rel=\"next\"";
    }
}
