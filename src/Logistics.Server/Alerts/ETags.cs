using System.Security.Cryptography;
using System.Text;
using Microsoft.Net.Http.Headers;

namespace Logistics.Server.Alerts;

/// <summary>Strong ETags: a hash of everything a response is a function of, nothing of other tenants.</summary>
internal static class ETags
{
    public static string Of(params object?[] parts)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\u001f', parts)));
        return $"\"{Convert.ToBase64String(hash, 0, 15).Replace('+', '-').Replace('/', '_')}\"";
    }

    /// <summary>
    /// True when the request's If-None-Match names this ETag (or is *). RFC 9110 §13.1.2 compares
    /// weakly there: proxies that compress weaken ETags to W/"…", and such a poll still gets its 304.
    /// </summary>
    public static bool Matches(HttpRequest request, string etag)
    {
        var ours = new EntityTagHeaderValue(etag);
        if (!EntityTagHeaderValue.TryParseList(request.Headers.IfNoneMatch, out var given)) return false;
        foreach (var candidate in given)
            if (candidate.Equals(EntityTagHeaderValue.Any) || candidate.Compare(ours, useStrongComparison: false)) return true;
        return false;
    }
}
