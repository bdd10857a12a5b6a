using Logistics.Domain.Alerts;

namespace Logistics.Domain.Tests.Alerts;

public sealed class QueueWaitTests
{
    [Fact]
    public void A_backlog_clears_at_capacity_and_its_wait_counts_the_hours_to_clear_it()
    {
        // 10 an hour of capacity; 30 arrive in hour 0 and 25 in hour 1, then nothing.
        double[] arrivals = [30, 25, 0, 0, 0, 0];
        long[] capacity = [10, 10, 10, 10, 10, 10];
        Assert.Equal([20.0, 35, 25, 15, 5, 0], QueueWait.Backlog(arrivals, capacity));
        // At the end of hour 1, 35 wait: hours 2, 3, 4 clear 30 and half of hour 5 the rest.
        Assert.Equal([2.0, 3.5, 2.5, 1.5, 0.5, 0], QueueWait.Hours(arrivals, capacity));
    }

    [Fact]
    public void Closed_hours_do_not_count_and_beyond_the_horizon_the_last_day_repeats()
    {
        // A dock closed in hours 1-2 (as at night): the 5 left at the end of hour 0 need half of hour 3;
        // the closed hours are not counted, so the wait is the same before and through the night.
        double[] arrivals = [15, 0, 0, 0];
        long[] closed = [10, 0, 0, 10];
        Assert.Equal([0.5, 0.5, 0.5, 0], QueueWait.Hours(arrivals, closed));
        // 100 left at the end of a 2-hour horizon of 10 an hour: the last hours repeat, 10 an hour.
        Assert.Equal(10, QueueWait.Hours([110, 10], [10, 10])[1], 6);
    }
}
