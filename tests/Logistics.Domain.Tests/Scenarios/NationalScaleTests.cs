using System.Diagnostics;
using Logistics.Scenarios;
using Xunit.Abstractions;

namespace Logistics.Domain.Tests.Scenarios;

public sealed class NationalScaleTests(ITestOutputHelper output)
{
    [Fact]
    public void National_network_has_the_promised_sizes_and_signals_stream_about_ten_million_rows_per_campaign()
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

        // Streamed lazily: the first 10% of merchants (codes are in order) are counted and the
        // enumeration stops there, so the rest is never generated. Merchants are drawn i.i.d., so 10×
        // the sample estimates the whole. (The full 9.7M-row count takes ~4 s alone, ~10 s on a busy box.)
        clock.Restart();
        long rows = 0;
        foreach (var _ in s.CompleteSignals(s.Current).TakeWhile(r => string.CompareOrdinal(r.Merchant, "M010000") <= 0)) rows++;
        output.WriteLine($"network {network.TotalSeconds:F1} s; {rows:N0} signal rows of 10,000 merchants streamed in {clock.Elapsed.TotalSeconds:F1} s");
        Assert.InRange(rows * 10, 8_000_000, 12_000_000);
    }
}
