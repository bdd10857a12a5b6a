namespace Logistics.Server.Infrastructure;

/// <summary>
/// Test-only stops for the fault-injection suite: when LOGISTICS_FAULT_PAUSE names a point, the
/// process that reaches it prints "fault point reached: NAME" and waits there for good, so a test
/// can kill -9 it at exactly that stage. Unset (always, outside that suite) a point costs a compare.
/// </summary>
internal static class FaultPoint
{
    public const string Variable = "LOGISTICS_FAULT_PAUSE";

    /// <summary>A capacity request has read, checked and staged every line; its upload row is not written yet.</summary>
    public const string CapacityReceived = "capacity.received";

    /// <summary>A capacity request has written its upload row; its transaction is not committed yet.</summary>
    public const string CapacityRecorded = "capacity.recorded";

    /// <summary>A capacity request has committed its queued upload; the load's job is not enqueued yet.</summary>
    public const string CapacityQueued = "capacity.queued";

    /// <summary>A capacity load's job has marked its upload processing; the load's transaction has not begun.</summary>
    public const string CapacityLoading = "capacity.loading";

    /// <summary>A capacity load has merged its hours into the history; the verdict and the commit are still to come.</summary>
    public const string CapacityMerged = "capacity.merged";

    /// <summary>A publication step has ended (<see cref="Publication.StepClock"/>): "publish." and the step's name.</summary>
    public static string Publish(string step) => "publish." + step;

    private static readonly string? Armed = Environment.GetEnvironmentVariable(Variable);

    public static Task ReachAsync(string point, CancellationToken ct)
    {
        if (Armed is null || !string.Equals(Armed, point, StringComparison.Ordinal)) return Task.CompletedTask;
        Announce(point);
        return Task.Delay(Timeout.Infinite, ct);
    }

    /// <summary>For synchronous code: blocks the calling thread instead.</summary>
    public static void Reach(string point)
    {
        if (Armed is null || !string.Equals(Armed, point, StringComparison.Ordinal)) return;
        Announce(point);
        Thread.Sleep(Timeout.Infinite);
    }

    private static void Announce(string point)
    {
        Console.Out.WriteLine("fault point reached: " + point);
        Console.Out.Flush();
    }
}
