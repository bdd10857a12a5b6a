using System.Text.Json;
using Logistics.Scenarios;
using Logistics.Scenarios.Evaluation;

namespace Logistics.Domain.Tests.Evaluation;

public sealed class ReplayTests
{
    [Fact]
    public void A_small_replay_runs_after_every_pre_sale_day_and_reproduces_its_numbers()
    {
        var first = Replay.Run(ScenarioScale.Small, 3);
        var again = Replay.Run(ScenarioScale.Small, 3);
        Assert.Equal(JsonSerializer.Serialize(first), JsonSerializer.Serialize(again));

        Assert.Equal(12, first.Runs.Count);
        Assert.Equal(new DateOnly(2026, 10, 20), first.Runs[0].AsOf);
        Assert.True(first.Runs.Zip(first.Runs.Skip(1)).All(p => p.Second.RunHour - p.First.RunHour == 24));
        Assert.Equal(0, first.Contradictions);
        // The generated world is tight enough to matter, and its realised demand is not the forecast.
        Assert.True(first.Overall.OverloadedHours > 0);
        Assert.InRange(first.HubDayWape, 0.10, 0.30);
        // Following the windows takes most of the queue away at a cost of very few late parcels.
        Assert.True(first.OverloadReduction > 0.5, $"{first.OverloadReduction}");
        Assert.True(first.LateShareFollowing < 0.01, $"{first.LateShareFollowing}");
    }

    [Fact]
    public void A_parcel_is_late_when_handed_over_more_than_the_deadline_after_its_natural_hour()
    {
        // 10 parcels ready in hour 0; handed 4 in hour 2 and 6 in hour 5: with a 3-hour deadline the last 6 are late.
        double[] natural = [10, 0, 0, 0, 0, 0, 0, 0];
        double[] handed = [0, 0, 4, 0, 0, 6, 0, 0];
        Assert.Equal(6, Following.Late(natural, handed, 3));
        Assert.Equal(0, Following.Late(natural, handed, 5));
    }
}
