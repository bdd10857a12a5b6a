using CsCheck;
using Logistics.Domain.Alerts;
using Logistics.Domain.Network;
using Logistics.Domain.Planning;

namespace Logistics.Domain.Tests.Alerts;

public class HysteresisPropertyTests
{
    private static readonly double[] Utilisations = [0.5, 0.7, 0.76, 0.8, 0.85, 0.88, 0.92, 0.95, 1.05];

    [Fact]
    public void An_alert_drops_a_level_only_far_below_or_after_consecutive_runs_below()
    {
        var th = AlertThresholds.Default;
        Gen.Int[0, Utilisations.Length - 1].Array[2, 12].Sample(picks =>
        {
            IReadOnlyList<Alert> state = [];
            foreach (var pick in picks)
            {
                double u = Utilisations[pick];
                var p90 = new double[8];
                for (int t = 2; t < 6; t++) p90[t] = 100 * u;
                var load = new NodeLoad(LoadNodeKind.Pickup, "W", "C1", p90, p90, p90, p90, Enumerable.Repeat(100L, 8).ToArray());
                var r = AlertEngine.Evaluate(new AlertInput(8, [load], NetworkModel.Empty, state, th));
                Assert.True(r.InForce.Count <= 1);
                var before = state.SingleOrDefault();
                var after = r.InForce.SingleOrDefault();
                var newLevel = after?.Level ?? AlertLevel.None;
                Assert.True(newLevel >= th.LevelOf(u)); // never below the raw level
                if (before is not null && newLevel < before.Level)
                    Assert.True(u < th.ThresholdOf(before.Level) - th.ClearMargin || before.RunsBelow + 1 >= th.ClearAfterRuns,
                        $"{before.Level} dropped to {newLevel} at {u} after {before.RunsBelow} runs below");
                if (before is not null && after is not null) Assert.Equal(before.Id, after.Id);
                state = r.InForce;
            }
        }, iter: 400, threads: 1);
    }
}
