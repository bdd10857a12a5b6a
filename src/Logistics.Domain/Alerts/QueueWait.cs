namespace Logistics.Domain.Alerts;

/// <summary>
/// A node as a fluid queue: parcels arriving in hour t join the backlog, and the node clears up to its
/// capacity each hour. The wait of hour t is how many working hours the backlog left at the end of
/// hour t takes to clear, so a parcel handed over then (beyond what is already queued) waits that
/// long. A dock closed every night is not a queue growing: its routine closed hours (closed at that
/// hour of the day on most days) do not count, and a backlog carried over the night stays one wait,
/// not a fresh one each evening. Any other closure (a hub shut for a day) counts in full. Beyond the
/// horizon the last day's capacity repeats, so a backlog at the horizon's end still has a finite wait.
/// </summary>
public static class QueueWait
{
    /// <summary>Backlog at the end of each hour.</summary>
    public static double[] Backlog(ReadOnlySpan<double> arrivals, ReadOnlySpan<long> capacity)
    {
        var backlog = new double[arrivals.Length];
        double b = 0;
        for (var t = 0; t < arrivals.Length; t++)
        {
            b = Math.Max(0, b + arrivals[t] - capacity[t]);
            // Below half a parcel is rounding, not a queue.
            if (b < 0.5) b = 0;
            backlog[t] = b;
        }
        return backlog;
    }

    /// <summary>Hours each hour's backlog takes to clear (0 when there is none).</summary>
    public static double[] Hours(ReadOnlySpan<double> arrivals, ReadOnlySpan<long> capacity)
    {
        var hours = arrivals.Length;
        var backlog = Backlog(arrivals, capacity);
        var wait = new double[hours];
        if (!backlog.Any(b => b > 0)) return wait;
        // Cumulative capacity over the horizon and two more horizons of the last day repeated.
        var span = hours * 3 + 24;
        var routine = RoutinelyClosed(capacity);
        var cumulative = new double[span + 1];
        var open = new int[span + 1];
        for (var j = 0; j < span; j++)
        {
            var c = CapacityAt(capacity, j);
            cumulative[j + 1] = cumulative[j] + c;
            open[j + 1] = open[j] + (c == 0 && routine[j % 24] ? 0 : 1);
        }
        for (var t = 0; t < hours; t++)
        {
            if (backlog[t] <= 0) continue;
            // The smallest k with capacity over hours t+1 .. t+k at least the backlog (fractional in the last hour).
            var need = cumulative[t + 1] + backlog[t];
            var k = LowerBound(cumulative, t + 1, need);
            if (k > span) { wait[t] = double.PositiveInfinity; continue; }
            var before = cumulative[k - 1];
            var cap = cumulative[k] - before;
            // Working hours t+1 .. k-2 in whole, and the part of hour k-1 the backlog still needs.
            wait[t] = open[k - 1] - open[t + 1] + (cap > 0 ? (need - before) / cap : 1);
        }
        return wait;
    }

    /// <summary>Per hour of the day (from the horizon's first hour): closed on more than half of the days.</summary>
    private static bool[] RoutinelyClosed(ReadOnlySpan<long> capacity)
    {
        var closed = new int[24];
        var days = new int[24];
        for (var t = 0; t < capacity.Length; t++)
        {
            days[t % 24]++;
            if (capacity[t] == 0) closed[t % 24]++;
        }
        var routine = new bool[24];
        for (var h = 0; h < 24; h++) routine[h] = days[h] > 1 && closed[h] * 2 > days[h];
        return routine;
    }

    /// <summary>The first index from <paramref name="from"/> whose value is at least <paramref name="value"/> (Length if none).</summary>
    private static int LowerBound(double[] sorted, int from, double value)
    {
        int lo = from, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (sorted[mid] < value) lo = mid + 1; else hi = mid;
        }
        return lo;
    }

    private static long CapacityAt(ReadOnlySpan<long> capacity, int hour)
    {
        var n = capacity.Length;
        if (hour < n) return capacity[hour];
        if (n < 24) return capacity[n - 1];
        // The last whole day, repeated.
        return capacity[n - 24 + (hour - n) % 24];
    }
}
