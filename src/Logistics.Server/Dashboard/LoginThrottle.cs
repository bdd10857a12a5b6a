using System.Collections.Concurrent;

namespace Logistics.Server.Dashboard;

/// <summary>
/// Wrong keys at /ops/login, per client address: from the 4th failure within the window each
/// answer is held back longer (1 s, 2 s, 4 s, up to 8 s), and after 10 the address is locked out
/// until the window since its last failure has passed (429 with Retry-After). A success clears it.
/// Guessing a key at this rate is hopeless, and every step is logged for ops to see.
/// Logistics:OpsLoginLockoutAfter sets the 10.
/// </summary>
internal sealed class LoginThrottle(TimeProvider clock, IConfiguration config, ILogger<LoginThrottle> log)
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(15);
    public const int FreeFailures = 3;
    private readonly int _lockoutAfter = Math.Max(FreeFailures + 1, config.GetValue("Logistics:OpsLoginLockoutAfter", 10));
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(8);
    // Bounded against a flood from many addresses: past this many, the oldest are forgotten wholesale.
    private const int MaxAddresses = 100_000;

    private sealed record Failures(int Count, DateTimeOffset Last);
    private readonly ConcurrentDictionary<string, Failures> _byAddress = new();

    /// <summary>How long the address is still locked out; zero when it may try.</summary>
    public TimeSpan LockedFor(string address)
    {
        if (!_byAddress.TryGetValue(address, out var f) || f.Count < _lockoutAfter) return TimeSpan.Zero;
        var left = f.Last + Window - clock.GetUtcNow();
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }

    /// <summary>Records a wrong key; returns how long to hold the answer back.</summary>
    public TimeSpan Failed(string address)
    {
        if (_byAddress.Count >= MaxAddresses) _byAddress.Clear();
        var now = clock.GetUtcNow();
        var f = _byAddress.AddOrUpdate(address, _ => new Failures(1, now),
            (_, old) => old.Last + Window < now ? new Failures(1, now) : new Failures(old.Count + 1, now));
        if (f.Count <= FreeFailures) return TimeSpan.Zero;
        if (f.Count >= _lockoutAfter)
            log.LogWarning("ops login: {Address} locked out for {Minutes} min after {Count} wrong keys", address, Window.TotalMinutes, f.Count);
        else
            log.LogWarning("ops login: wrong key {Count} from {Address}", f.Count, address);
        var delay = TimeSpan.FromSeconds(Math.Pow(2, f.Count - FreeFailures - 1));
        return delay < MaxDelay ? delay : MaxDelay;
    }

    public void Succeeded(string address) => _byAddress.TryRemove(address, out _);
}
