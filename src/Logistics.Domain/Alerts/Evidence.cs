using Logistics.Domain.Planning;

namespace Logistics.Domain.Alerts;

/// <summary>
/// What one node's hours say, level by level, as a score per hour: the level holds where its score
/// passes 1 (watch: reaches 1), and a previous alert stays in grace down to 1 − the clear margin.
/// Handover nodes: blocked = wait at the unshaved P50 ÷ the blocked wait, warning = the same at P90,
/// watch = the plan's P90 load ÷ (capacity × the watch share). Destination hubs: delay = the plan's
/// own wait there ÷ the notice's wait.
/// </summary>
internal sealed class Evidence
{
    private readonly double[]? _blocked, _warning, _watch, _delay;

    private Evidence(NodeLoad load, double[]? blocked, double[]? warning, double[]? watch, double[]? delay, double[]? plannedWait)
    {
        Capacity = load.Capacity!;
        (_blocked, _warning, _watch, _delay, PlannedWait) = (blocked, warning, watch, delay, plannedWait);
        var destination = load.Kind.IsDestinationSort();
        Arrivals50 = destination ? load.Planned : load.UnshavedP50;
        Arrivals90 = destination ? load.PlannedP90 : load.UnshavedP90;
        Planned = load.Planned;
    }

    public long[] Capacity { get; }

    /// <summary>What arrives (handover nodes: as merchants would ship without the service; destination hubs: as planned).</summary>
    public double[] Arrivals50 { get; }
    public double[] Arrivals90 { get; }
    public double[] Planned { get; }

    /// <summary>Destination hubs: the hours the plan's parcels wait there.</summary>
    public double[]? PlannedWait { get; }

    public static Evidence Of(NodeLoad load, AlertThresholds th, int hours)
    {
        var capacity = load.Capacity!.AsSpan(0, hours);
        if (load.Kind.IsDestinationSort())
        {
            var wait = QueueWait.Hours(load.Planned.AsSpan(0, hours), capacity);
            return new Evidence(load, null, null, null, Scale((double[])wait.Clone(), th.DelayNoticeHours), wait);
        }
        var watch = new double[hours];
        for (var t = 0; t < hours; t++)
            watch[t] = capacity[t] > 0 ? load.PlannedP90[t] / (capacity[t] * th.Watch) : load.PlannedP90[t] > 0.5 ? double.PositiveInfinity : 0;
        return new Evidence(load,
            Scale(QueueWait.Hours(load.UnshavedP50.AsSpan(0, hours), capacity), th.BlockedWaitHours),
            Scale(QueueWait.Hours(load.UnshavedP90.AsSpan(0, hours), capacity), th.BlockedWaitHours),
            watch, null, null);
    }

    /// <summary>Whether a score says its level holds: a wait must be longer than its threshold, a watch load may equal its share.</summary>
    public static bool Reaches(AlertLevel level, double score) => level == AlertLevel.Watch ? score >= 1 : score > 1;

    public double[]? Score(AlertLevel level) => level switch
    {
        AlertLevel.Blocked => _blocked,
        AlertLevel.Warning => _warning,
        AlertLevel.Watch => _watch,
        AlertLevel.Delay => _delay,
        _ => null,
    };

    /// <summary>The highest level whose score holds in hour t.</summary>
    public AlertLevel RawLevel(int t)
    {
        if (_delay is not null) return Reaches(AlertLevel.Delay, _delay[t]) ? AlertLevel.Delay : AlertLevel.None;
        if (Reaches(AlertLevel.Blocked, _blocked![t])) return AlertLevel.Blocked;
        if (Reaches(AlertLevel.Warning, _warning![t])) return AlertLevel.Warning;
        return Reaches(AlertLevel.Watch, _watch![t]) ? AlertLevel.Watch : AlertLevel.None;
    }

    private static double[] Scale(double[] wait, double threshold)
    {
        for (var t = 0; t < wait.Length; t++) wait[t] /= threshold;
        return wait;
    }
}
