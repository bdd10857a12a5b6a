using Logistics.Domain.Alerts;
using Logistics.Domain.Network;
using Logistics.Domain.Planning;

namespace Logistics.Domain.Tests.Alerts;

public sealed class AlertEngineTests
{
    private const int Hours = 48;

    private static readonly NetworkModel Network = new(
        [new Carrier("C1", "C1"), new Carrier("C2", "C2")],
        [new Hub("H1", "H1", "C1", "R1"), new Hub("H2", "H2", "C2", "R1"), new Hub("HD", "HD", "C1", "R2")],
        [new Warehouse("W", "W", "R1")], [new Region("R1", "R1"), new Region("R2", "R2")], [new Merchant("M", "M")],
        [new Lane("W", "H1", "C1"), new Lane("W", "H2", "C2")], [new MerchantWarehouse("M", "W")]);

    private static double[] Series(Func<int, double> f) => Enumerable.Range(0, Hours).Select(f).ToArray();
    private static long[] Flat(long v) => Enumerable.Repeat(v, Hours).ToArray();

    /// <summary>A hub that would get 40 an hour in hours 8-20 as merchants would ship, against 10 an hour; the plan keeps it at 10.</summary>
    private static NodeLoad OverloadedHub(double p90Factor = 1.2) => new(LoadNodeKind.OriginSort, "H1", "C1",
        Series(t => 10), Series(t => 10), Series(t => t is >= 8 and < 20 ? 40 : 0), Series(t => t is >= 8 and < 20 ? 40 * p90Factor : 0), Flat(10));

    private static NodeLoad Quiet(LoadNodeKind kind, string node, string? carrier, long capacity) => new(kind, node, carrier,
        Series(_ => 1), Series(_ => 1), Series(_ => 1), Series(_ => 1), Flat(capacity));

    private static AlertRunResult Evaluate(IReadOnlyList<NodeLoad> loads, IReadOnlyList<Alert>? previous = null, int? now = null) =>
        AlertEngine.Evaluate(new AlertInput(Hours, loads, Network, previous ?? [], null, "t/", now));

    [Fact]
    public void A_hub_where_parcels_shipped_as_merchants_would_ship_wait_over_12_hours_is_blocked_and_points_where_the_plan_has_room()
    {
        NodeLoad[] loads = [OverloadedHub(), Quiet(LoadNodeKind.OriginSort, "H2", "C2", 50), Quiet(LoadNodeKind.Outbound, "W", null, 50),
            Quiet(LoadNodeKind.Pickup, "W", "C1", 50), Quiet(LoadNodeKind.Pickup, "W", "C2", 50)];
        var r = Evaluate(loads);
        var blocked = Assert.Single(r.InForce, a => a.Level == AlertLevel.Blocked);
        Assert.Equal(("H1", "C1", LoadNodeKind.OriginSort), (blocked.Node, blocked.Carrier, blocked.NodeKind));
        // 480 parcels in hours 8-19 against 10 an hour: the wait passes 12 h once 120 more than capacity are queued.
        var wait = QueueWait.Hours(loads[0].UnshavedP50, loads[0].Capacity!);
        Assert.Equal(Enumerable.Range(0, Hours).First(t => wait[t] > 12), blocked.StartHour);
        Assert.Equal(Enumerable.Range(0, Hours).Last(t => wait[t] > 12) + 1, blocked.EndHour);
        Assert.Equal(10 * (blocked.EndHour - blocked.StartHour), blocked.ReservedParcels);
        // The plan fills H1 to capacity, so no room later there; C2's lane at W has room throughout.
        var option = Assert.Single(blocked.Options);
        Assert.Equal(("C2", "H2", "W"), (option.Carrier, option.Node, option.Warehouse));
        Assert.True(option.RoomParcels > 0);
        var advice = AlertText.Advice(blocked, h => $"h{h}", "UTC");
        Assert.Contains("Hand over only what your windows reserve", advice);
        Assert.DoesNotContain("Do not", advice);
        Assert.Empty(Contradictions.Find(new PlanResult([], [], [], loads, 0, 0, 0, 0, []), r.InForce, Network, Hours));
    }

    [Fact]
    public void A_full_bulky_line_names_the_line_and_offers_only_bulky_lines_instead()
    {
        // H1's bulky line is overloaded; H2's parcel sorter has room, which bulky goods cannot use.
        var line = OverloadedHub() with { Kind = LoadNodeKind.BulkyOriginSort };
        NodeLoad[] parcelOnly = [line, Quiet(LoadNodeKind.OriginSort, "H2", "C2", 50), Quiet(LoadNodeKind.Outbound, "W", null, 50),
            Quiet(LoadNodeKind.Pickup, "W", "C2", 50), Quiet(LoadNodeKind.BulkyPickup, "W", "C1", 50), Quiet(LoadNodeKind.BulkyPickup, "W", "C2", 50)];
        var blocked = Assert.Single(Evaluate(parcelOnly).InForce, a => a.Level == AlertLevel.Blocked);
        Assert.Equal(("H1", "C1", LoadNodeKind.BulkyOriginSort), (blocked.Node, blocked.Carrier, blocked.NodeKind));
        Assert.Empty(blocked.Options);
        Assert.StartsWith("C1's hub H1's bulky line is full from h", AlertText.Reason(blocked, h => $"h{h}", "UTC"));
        Assert.Equal("bulky_origin_hub", AlertLevels.Name(blocked.NodeKind));

        // Once H2 has a bulky line with room, it is offered, worded for bulky goods.
        NodeLoad[] withLine = [.. parcelOnly, Quiet(LoadNodeKind.BulkyOriginSort, "H2", "C2", 50)];
        var r = Evaluate(withLine);
        blocked = Assert.Single(r.InForce, a => a.Level == AlertLevel.Blocked);
        var option = Assert.Single(blocked.Options);
        Assert.Equal(("C2", "H2", "W"), (option.Carrier, option.Node, option.Warehouse));
        Assert.Contains("Or hand bulky goods to C2 at W (its hub H2)", AlertText.Advice(blocked, h => $"h{h}", "UTC"));
        Assert.Empty(Contradictions.Find(new PlanResult([], [], [], withLine, 0, 0, 0, 0, []), r.InForce, Network, Hours));
    }

    [Fact]
    public void At_p90_only_it_is_a_warning_and_the_plan_filling_a_node_is_watch_for_ops_only()
    {
        // 16 an hour for 12 hours: at P50 the queue clears in time, at P90 (×2) it does not.
        var hub = new NodeLoad(LoadNodeKind.OriginSort, "H1", "C1", Series(_ => 9.5), Series(_ => 9.5),
            Series(t => t is >= 8 and < 20 ? 16 : 0), Series(t => t is >= 8 and < 20 ? 32 : 0), Flat(10));
        var r = Evaluate([hub]);
        Assert.Contains(r.InForce, a => a.Level == AlertLevel.Warning);
        Assert.DoesNotContain(r.InForce, a => a.Level == AlertLevel.Blocked);
        Assert.Contains(r.InForce, a => a.Level == AlertLevel.Watch);
        Assert.All(r.InForce.Where(a => a.Level == AlertLevel.Watch), a => Assert.False(a.ForMerchants));
    }

    [Fact]
    public void A_destination_hub_gives_a_delay_notice_with_its_region_never_a_handover_alert()
    {
        var destination = new NodeLoad(LoadNodeKind.DestinationSort, "HD", "C1",
            Series(t => t is >= 4 and < 14 ? 30 : 0), Series(t => t is >= 4 and < 14 ? 36 : 0), Series(_ => 0), Series(_ => 0), Flat(10));
        var r = Evaluate([destination]);
        var notice = Assert.Single(r.InForce);
        Assert.Equal((AlertLevel.Delay, AlertKind.Delay, "R2"), (notice.Level, notice.Kind, notice.Region));
        Assert.Empty(notice.Options);
        Assert.True(notice.DelayHours > 6);
        var text = AlertText.Reason(notice, h => $"h{h}", "UTC") + AlertText.Advice(notice, h => $"h{h}", "UTC");
        Assert.Contains("arrive about", text);
        Assert.DoesNotContain("Hand over only", text);
    }

    [Fact]
    public void Hours_of_one_level_merge_and_gaps_of_up_to_two_hours_are_bridged()
    {
        AlertLevel[] level = [0, AlertLevel.Blocked, 0, 0, AlertLevel.Blocked, 0, 0, 0, AlertLevel.Blocked, AlertLevel.Warning, AlertLevel.Warning];
        AlertEngine.Bridge(level, 2);
        Assert.Equal(
            [0, AlertLevel.Blocked, AlertLevel.Blocked, AlertLevel.Blocked, AlertLevel.Blocked, 0, 0, 0, AlertLevel.Blocked, AlertLevel.Warning, AlertLevel.Warning],
            level);
    }

    [Fact]
    public void An_alert_whose_end_has_passed_leaves_with_an_ended_event_and_none_is_made_for_past_hours()
    {
        NodeLoad[] loads = [OverloadedHub()];
        var first = Evaluate(loads);
        var blocked = first.InForce.Single(a => a.Level == AlertLevel.Blocked);
        // Before its end: still in force, unchanged.
        var before = Evaluate(loads, first.InForce, now: blocked.EndHour - 1);
        Assert.Contains(before.InForce, a => a.Id == blocked.Id);
        Assert.DoesNotContain(before.Events, e => e.Alert.Id == blocked.Id);
        // At its end: gone, and the feed is told it ended (not cleared).
        var after = Evaluate(loads, first.InForce, now: blocked.EndHour);
        Assert.DoesNotContain(after.InForce, a => a.Id == blocked.Id);
        var ended = Assert.Single(after.Events, e => e.Alert.Id == blocked.Id);
        Assert.Equal((AlertEventKind.Ended, blocked.Version + 1), (ended.Kind, ended.Alert.Version));
        Assert.All(after.InForce, a => Assert.True(a.EndHour > blocked.EndHour));
    }

    [Fact]
    public void Two_alerts_that_grow_into_one_keep_one_id_and_the_other_is_cleared_as_merged_into_it_not_withdrawn()
    {
        static NodeLoad Hub(Func<int, double> arrivals) =>
            OverloadedHub() with { UnshavedP50 = Series(arrivals), UnshavedP90 = Series(t => arrivals(t) * 1.2) };
        static bool Peaks(int t) => t is >= 2 and < 8 or >= 26 and < 32;
        var first = Evaluate([Hub(t => Peaks(t) ? 40 : 0)]);
        var apart = first.InForce.Where(a => a.Level == AlertLevel.Blocked).OrderBy(a => a.StartHour).ToList();
        Assert.Equal(2, apart.Count);

        // 12 an hour between the peaks: the queue never drains, and the two stretches become one.
        var second = Evaluate([Hub(t => Peaks(t) ? 40 : t is >= 8 and < 26 ? 12 : 0)], first.InForce);
        var one = Assert.Single(second.InForce, a => a.Level == AlertLevel.Blocked);
        Assert.True(one.StartHour <= apart[0].StartHour && one.EndHour >= apart[1].EndHour);
        var absorbed = Assert.Single(apart, a => a.Id != one.Id);
        var merged = Assert.Single(second.Events, e => e.Alert.Id == absorbed.Id);
        Assert.Equal((AlertEventKind.Cleared, one.Id), (merged.Kind, merged.MergedInto));
        Assert.False(merged.Withdraws);

        // When the load is gone, the alert is withdrawn: cleared, merged into nothing.
        var gone = Evaluate([Hub(_ => 0)], second.InForce);
        var withdrawn = Assert.Single(gone.Events, e => e.Alert.Id == one.Id);
        Assert.Equal((AlertEventKind.Cleared, (string?)null), (withdrawn.Kind, withdrawn.MergedInto));
        Assert.True(withdrawn.Withdraws);
    }

    [Fact]
    public void A_blocked_alert_whose_hours_are_now_only_a_warning_was_withdrawn_not_merged()
    {
        static NodeLoad Hub(double p50, double p90) => OverloadedHub() with
        {
            UnshavedP50 = Series(t => t is >= 8 and < 20 ? p50 : 0), UnshavedP90 = Series(t => t is >= 8 and < 20 ? p90 : 0),
        };
        // Blocked between two warnings (P90 queues longer than P50 on both sides).
        var first = Evaluate([Hub(40, 48)]);
        var blocked = Assert.Single(first.InForce, a => a.Level == AlertLevel.Blocked);
        Assert.Contains(first.InForce, a => a.Level == AlertLevel.Warning && a.EndHour == blocked.StartHour);
        // At P50 the queue now clears in time (far below the clear margin), at P90 it does not: one warning
        // over all of it, which keeps a warning's id. Blocked advice for those hours is withdrawn.
        var second = Evaluate([Hub(12, 48)], first.InForce);
        var warning = Assert.Single(second.InForce, a => a.Level == AlertLevel.Warning);
        Assert.True(warning.StartHour <= blocked.StartHour && warning.EndHour >= blocked.EndHour);
        var e = Assert.Single(second.Events, e => e.Alert.Id == blocked.Id);
        Assert.Equal((AlertEventKind.Cleared, (string?)null, true), (e.Kind, e.MergedInto, e.Withdraws));
    }

    [Fact]
    public void An_alert_just_below_its_level_is_held_for_a_run_then_clears_and_keeps_its_id_meanwhile()
    {
        var first = Evaluate([OverloadedHub()]);
        var blocked = first.InForce.Single(a => a.Level == AlertLevel.Blocked);
        // 19 an hour instead of 40: the wait peaks just under 12 h (within the clear margin).
        var lighter = OverloadedHub() with { UnshavedP50 = Series(t => t is >= 8 and < 20 ? 19 : 0) };
        Assert.True(QueueWait.Hours(lighter.UnshavedP50, lighter.Capacity!).Max() is > 9 and <= 12);
        var held = Evaluate([lighter], first.InForce);
        var kept = Assert.Single(held.InForce, a => a.Id == blocked.Id);
        Assert.Equal((AlertLevel.Blocked, 1), (kept.Level, kept.RunsBelow));
        var cleared = Evaluate([lighter], held.InForce);
        Assert.DoesNotContain(cleared.InForce, a => a.Id == blocked.Id && a.Level == AlertLevel.Blocked);
        Assert.Contains(cleared.Events, e => e.Alert.Id == blocked.Id && e.Kind is AlertEventKind.Cleared or AlertEventKind.Updated);
    }
}
