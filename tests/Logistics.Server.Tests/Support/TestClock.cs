using System.Runtime.CompilerServices;

namespace Logistics.Server.Tests.Support;

/// <summary>
/// The tests plan the generated and hand-written D11-2026 campaign as if before its sale (its alerts
/// still ahead): the service's clock (LOGISTICS_CLOCK, for the hosts in this process and the processes
/// they start) begins on the day after its default as-of date.
/// </summary>
public static class TestClock
{
    public static readonly DateTimeOffset Start = new(2026, 10, 28, 0, 0, 0, TimeSpan.FromHours(8));

    public static TimeProvider Provider => Logistics.Server.Infrastructure.ServiceClock.Current;

    [ModuleInitializer]
    internal static void Set() => Environment.SetEnvironmentVariable(Logistics.Server.Infrastructure.ServiceClock.Variable, Start.ToString("O"));
}
