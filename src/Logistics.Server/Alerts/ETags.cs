using System.Security.Cryptography;
using System.Text;

namespace Logistics.Server.Alerts;

/// <summary>Strong ETags: a hash of everything a response is a function of, nothing of other tenants.</summary>
internal static class ETags
{
    public static string Of(params object?[] parts)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\u001f', parts)));
        return $"\"{Convert.ToBase64String(hash, 0, 15).Replace('+', '-').Replace('/', '_')}\"";
    }

    /// <summary>True when the request's If-None-Match names this ETag (or is *).</summary>
    public static bool Matches(HttpRequest request, string etag)
    {
        foreach (var value in request.Headers.IfNoneMatch)
            foreach (var candidate in (value ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                if (candidate == "*" || candidate == etag) return true;
        return false;
    }
}
