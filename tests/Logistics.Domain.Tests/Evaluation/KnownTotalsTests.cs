using Logistics.Domain.Alerts;
using Logistics.Domain.Planning;
using Logistics.Scenarios.Evaluation;

namespace Logistics.Domain.Tests.Evaluation;

public class KnownTotalsTests
{
    private static readonly AlertThresholds Th = AlertThresholds.Default;

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.8)]
    [InlineData(1.3)]
    [InlineData(2.0)]
    public void A_forecast_right_in_shape_but_wrong_in_total_scores_perfectly_once_the_total_is_known(double forecastOverRealised)
    {
        var (load, arrivals, overloaded) = Node(shape: Wave(), forecastOverRealised);
        var counts = new long[3];
        KnownTotals.Count([load], arrivals, overloaded, Th, counts);
        var known = KnownTotals.Of(counts);
        Assert.True(counts[0] > 0, "the realised wave overloads some hours");
        Assert.Equal((1.0, 1.0), (known.BlockedPrecision, known.BlockedRecall));
        // The raw forecast, by the same rule, is wrong on some hours: the scaling is what fixed it.
        var raw = QueueWait.Hours(load.UnshavedP50, load.Capacity!).Select(w => w > Th.BlockedWaitHours).ToArray();
        Assert.NotEqual(overloaded.Values.Single(), raw);
    }

    [Fact]
    public void A_forecast_wrong_in_shape_stays_wrong_with_its_total_known()
    {
        // The same parcels, the peak a day later than forecast.
        var wave = Wave();
        var late = new double[wave.Length];
        for (var t = 0; t < wave.Length; t++) late[t] = wave[(t - 24 + wave.Length) % wave.Length];
        var (load, _, _) = Node(late, 1.0);
        var (_, arrivals, overloaded) = Node(wave, 1.0);
        var counts = new long[3];
        KnownTotals.Count([load], arrivals, overloaded, Th, counts);
        var known = KnownTotals.Of(counts);
        // Its queue starts a day late: the realised first day's overloaded hours are missed.
        Assert.True(known.BlockedRecall < 0.9, $"{known}");
    }

    // Six days at 80 parcels an hour against a capacity of 100, with a sale day at 300 an hour.
    private static double[] Wave() => Enumerable.Range(0, 144).Select(t => t / 24 == 2 ? 300.0 : 80.0).ToArray();

    private static (NodeLoad Load, Dictionary<NodeId, double[]> Arrivals, Dictionary<NodeId, bool[]> Overloaded) Node(double[] shape, double forecastOverRealised)
    {
        var capacity = Enumerable.Repeat(100L, shape.Length).ToArray();
        var forecast = shape.Select(x => x * forecastOverRealised).ToArray();
        var load = new NodeLoad(LoadNodeKind.OriginSort, "C01-H01", "C01", forecast, forecast, forecast, forecast, capacity);
        var id = NodeId.Of(load);
        var wait = QueueWait.Hours(shape, capacity);
        return (load, new() { [id] = shape }, new() { [id] = wait.Select(w => w > Th.BlockedWaitHours).ToArray() });
    }
}
