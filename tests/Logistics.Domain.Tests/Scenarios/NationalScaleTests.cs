using System.Diagnostics;
using Logistics.Domain.Scenarios;
using Xunit.Abstractions;

namespace Logistics.Domain.Tests.Scenarios;

public sealed class NationalScaleTests(ITestOutputHelper output)
{
    [Fact]
    public void National_network_has_the_promised_sizes_and_signals_stream_about_ten_million_rows()
    {
        var clock = Stopwatch.StartNew();
        var s = ScenarioGenerator.Generate(ScenarioScale.National, 1);
        var n = s.Network;
        Assert.Equal(100_000, n.Merchants.Count);
        Assert.Equal(2_000, n.Warehouses.Count);
        Assert.Equal(20, n.Carriers.Count);
        Assert.Equal(600, n.Hubs.Count);
        Assert.Equal(31, n.Regions.Count);
        var network = clock.Elapsed;

        // Counted while streaming: no list of rows is ever built.
        clock.Restart();
        long rows = 0;
        foreach (var _ in s.CompleteSignals(s.Current)) rows++;
        output.WriteLine($"network {network.TotalSeconds:F1} s; {rows:N0} signal rows streamed in {clock.Elapsed.TotalSeconds:F1} s");
        Assert.InRange(rows, 8_000_000, 12_000_000);
    }
}
