using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http.Metadata;

namespace Logistics.Server;

/// <summary>
/// A /v1 query parameter the endpoint does not take is a 400 naming it: `?level=blocked` on a
/// list that has no such filter would otherwise answer everything, and the caller would think it
/// filtered. The names come from the handler's own parameters, so they cannot drift from it.
/// </summary>
internal static class QueryCheck
{
    private static readonly ConcurrentDictionary<Endpoint, HashSet<string>> Taken = new();

    public static void UseQueryCheck(this WebApplication app) => app.Use((http, next) =>
    {
        if (!http.Request.Path.StartsWithSegments("/v1") || http.GetEndpoint() is not { } endpoint || http.Request.Query.Count == 0)
            return next(http);
        var taken = Taken.GetOrAdd(endpoint, QueryNames);
        foreach (var name in http.Request.Query.Keys)
            if (!taken.Contains(name))
                return Problems.Write(http, Problems.BadRequest, taken.Count == 0
                    ? $"unknown query parameter '{Shown.Cut(name)}': this endpoint takes none"
                    : $"unknown query parameter '{Shown.Cut(name)}': this endpoint takes {string.Join(", ", taken.Order(StringComparer.Ordinal))}");
        return next(http);
    });

    /// <summary>The parameters a handler binds from the query: strings and parseable values, not services or the context.</summary>
    private static HashSet<string> QueryNames(Endpoint endpoint)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var p in endpoint.Metadata.GetOrderedMetadata<IParameterBindingMetadata>())
        {
            var type = Nullable.GetUnderlyingType(p.ParameterInfo.ParameterType) ?? p.ParameterInfo.ParameterType;
            var fromQuery = p.ParameterInfo.GetCustomAttributes(typeof(Microsoft.AspNetCore.Mvc.FromQueryAttribute), false).Length > 0;
            if (fromQuery || type == typeof(string) || (p.HasTryParse && type != typeof(CancellationToken)))
                names.Add(p.Name);
        }
        // A path parameter (a code, an id) is not a query parameter.
        if (endpoint is RouteEndpoint route)
            foreach (var p in route.RoutePattern.Parameters) names.Remove(p.Name);
        return names;
    }
}
