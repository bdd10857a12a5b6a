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
internal sealed class KeyLookupBudget(IConfiguration config) : IDisposable
{
    private readonly int _perMinute = config.GetValue("Logistics:UnknownKeysPerMinute", 20);
    private PartitionedRateLimiter<string>? _limiter;

    private PartitionedRateLimiter<string> Limiter => _limiter ??= PartitionedRateLimiter.Create<string, string>(address =>
        RateLimitPartition.GetTokenBucketLimiter(address, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = _perMinute, TokensPerPeriod = _perMinute, ReplenishmentPeriod = TimeSpan.FromMinutes(1),
            QueueLimit = 0, AutoReplenishment = true,
        }));

    public int PerMinute => _perMinute;

    public static string AddressOf(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? IPAddress.None.ToString();

    /// <summary>Whether the address has used up its unknown keys for now.</summary>
    public bool IsSpent(string address) => Limiter.GetStatistics(address)?.CurrentAvailablePermits <= 0;

    /// <summary>Counts one unknown key against the address.</summary>
    public void Spend(string address)
    {
        using var lease = Limiter.AttemptAcquire(address);
    }

    public void Dispose() => _limiter?.Dispose();
}
