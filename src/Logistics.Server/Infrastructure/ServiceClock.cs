using System.Globalization;

namespace Logistics.Server.Infrastructure;

/// <summary>
/// The clock alerts end by. `LOGISTICS_CLOCK` (an RFC 3339 instant) starts it at that instant, from which
/// it runs on in real time: a past campaign can be replayed, and tests can plan a campaign as if before
/// its sale, with alerts still ahead. Unset, it is the system's clock. The job system, keys and rate
/// limits keep the system's clock.
/// </summary>
public static class ServiceClock
{
    public const string Variable = "LOGISTICS_CLOCK";

    private static readonly Lazy<TimeProvider> Process = new(FromEnvironment);

    /// <summary>This process's clock, read from the environment once.</summary>
    public static TimeProvider Current => Process.Value;

    public static TimeProvider FromEnvironment()
    {
        var text = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(text)) return TimeProvider.System;
        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var start))
            throw new InvalidOperationException($"{Variable} is an RFC 3339 instant such as 2026-10-28T00:00:00+08:00, not '{text}'");
        return StartingAt(start);
    }

    /// <summary>A clock that starts at <paramref name="start"/> now and runs on in real time.</summary>
    public static TimeProvider StartingAt(DateTimeOffset start) => new Shifted(start - TimeProvider.System.GetUtcNow());

    private sealed class Shifted(TimeSpan offset) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + offset;
    }
}
