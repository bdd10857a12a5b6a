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
    public void A_routine_night_closure_does_not_count_a_closure_of_a_working_node_does_and_beyond_the_horizon_the_last_day_repeats()
    {
        // Two days of a dock closed 00-06 every night: 50 left at 23:00 of day 0 need 5 working hours
        // of day 1 (06-10), whatever the night in between.
        var docks = Enumerable.Range(0, 48).Select(t => t % 24 < 6 ? 0L : 10L).ToArray();
        var evening = new double[48];
        evening[23] = 60;
        var wait = QueueWait.Hours(evening, docks);
        Assert.Equal(5, wait[23], 6);
        Assert.Equal(0, wait[3]);             // before the parcels came: no backlog yet
        Assert.Equal(5, wait[24 + 3], 6);     // through the night the wait stays what it was
        // A hub that works around the clock shut for hours 1-2: the shut hours count.
        double[] arrivals = [15, 0, 0, 0];
        long[] shut = [10, 0, 0, 10];
        Assert.Equal([2.5, 1.5, 0.5, 0], QueueWait.Hours(arrivals, shut));
        // 100 left at the end of a 2-hour horizon of 10 an hour: the last hours repeat, 10 an hour.
        Assert.Equal(10, QueueWait.Hours([110, 10], [10, 10])[1], 6);
    }
}
