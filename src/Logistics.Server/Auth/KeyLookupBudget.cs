using System.Collections.Concurrent;
using System.Net;
using System.Threading.RateLimiting;

namespace Logistics.Server.Auth;

/// <summary>
/// How many unknown keys a client address may present before its lookups stop: a flood of random
/// keys (each a fresh prefix, so no cache can answer it) would otherwise cost a database round trip
/// per request. Over the budget, a key that is not already known is answered 429 without a lookup;
/// a key the cache knows is still served (a merchant behind the same address keeps working).
/// Logistics:UnknownKeysPerMinute per address (default 20).
/// </summary>
internal sealed class KeyLookupBudget : IDisposable
{
    private readonly int _perMinute;
    // Made once, up front: made lazily, two first requests at once each made one, and the lookups
    // taken from the one that was dropped went uncounted.
    private readonly PartitionedRateLimiter<string> _limiter;
    private readonly ConcurrentDictionary<string, int> _underWay = new(StringComparer.Ordinal);

    public KeyLookupBudget(IConfiguration config)
    {
        var perMinute = _perMinute = config.GetValue("Logistics:UnknownKeysPerMinute", 20);
        _limiter = PartitionedRateLimiter.Create<string, string>(address => RateLimitPartition.GetTokenBucketLimiter(address, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = perMinute, TokensPerPeriod = perMinute, ReplenishmentPeriod = TimeSpan.FromMinutes(1),
            QueueLimit = 0, AutoReplenishment = true,
        }));
    }

    public int PerMinute => _perMinute;

    public static string AddressOf(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? IPAddress.None.ToString();

    /// <summary>
    /// Starts a lookup of a key the cache does not know: false when the address has no unknown keys
    /// left. Lookups under way count against what is left, so concurrent requests cannot all pass
    /// together (32 connections made 57 lookups of a budget of 20 when only finished ones counted);
    /// only a key that turns out unknown is charged (<see cref="End"/>), so a client starting with
    /// many valid keys is not throttled.
    /// </summary>
    public bool TryBegin(string address)
    {
        var underWay = _underWay.AddOrUpdate(address, 1, (_, n) => n + 1);
        var left = _limiter.GetStatistics(address)?.CurrentAvailablePermits ?? _perMinute;
        if (left - underWay >= 0) return true;
        Release(address);
        return false;
    }

    /// <summary>Ends a lookup <see cref="TryBegin"/> allowed; an unknown key is charged to the address.</summary>
    public void End(string address, bool unknown)
    {
        if (unknown)
        {
            using var lease = _limiter.AttemptAcquire(address);
        }
        Release(address);
    }

    private void Release(string address)
    {
        if (_underWay.AddOrUpdate(address, 0, (_, n) => n - 1) == 0) _underWay.TryRemove(new KeyValuePair<string, int>(address, 0));
    }

    public void Dispose() => _limiter.Dispose();
}
