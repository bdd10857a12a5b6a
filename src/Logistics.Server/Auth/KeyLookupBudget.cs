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
    /// Takes one lookup of a key the cache does not know from the address's budget, before the lookup:
    /// false when none is left. Taken first, so concurrent requests cannot all pass a check together
    /// and each look up (32 connections made 57 lookups of a budget of 20 when the key was counted after).
    /// </summary>
    public bool TryTake(string address)
    {
        using var lease = _limiter.AttemptAcquire(address);
        return lease.IsAcquired;
    }

    public void Dispose() => _limiter.Dispose();
}
