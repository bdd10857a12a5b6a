using System.Text.Json;
using Logistics.Domain.Alerts;
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
    public void Churn_counts_the_alerts_withdrawn_at_the_next_run_and_merged_those_a_longer_alert_of_their_node_now_covers()
    {
        var runs = new List<(int Hour, IReadOnlyList<Alert> Alerts)>();
        var report = Replay.Run(ScenarioScale.Small, 3, step: s => runs.Add((s.RunHour, s.Alerts)));

        // Recomputed from the published lists alone, as anyone can from the export's alerts.csv.
        var firstSeen = new HashSet<string>();
        int created = 0, withdrawn = 0, merged = 0;
        for (var i = 0; i < runs.Count; i++)
        {
            foreach (var a in runs[i].Alerts) if (firstSeen.Add(a.Id)) created++;
            if (i == 0) continue;
            var now = runs[i].Hour;
            var ids = runs[i].Alerts.Select(a => a.Id).ToHashSet();
            var bornBefore = runs[i - 1].Alerts.Where(a => i < 2 || runs[i - 2].Alerts.All(b => b.Id != a.Id));
            foreach (var gone in bornBefore.Where(a => !ids.Contains(a.Id) && a.EndHour > now))
            {
                var covered = runs[i].Alerts.Where(a => (a.NodeKind, a.Node, a.Carrier) == (gone.NodeKind, gone.Node, gone.Carrier) && a.Level >= gone.Level)
                    .Sum(a => Math.Max(0, Math.Min(a.EndHour, gone.EndHour) - Math.Max(a.StartHour, Math.Max(gone.StartHour, now))));
                if (covered == gone.EndHour - Math.Max(gone.StartHour, now)) merged++; else withdrawn++;
            }
        }
        Assert.True(merged > 0, "seed 3 has alerts that merge into longer ones");
        Assert.Equal(Math.Round(withdrawn / (double)created, 3), report.Overall.ChurnShare);
        Assert.Equal(Math.Round(merged / (double)created, 3), report.Overall.MergedShare);
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
