using Logistics.Domain.Backtesting;

namespace Logistics.Domain.Tests.Backtesting;

public sealed class BacktestSignalTests
{
    private static readonly DateOnly Prev = new(2021, 11, 11), Cur = new(2022, 11, 11);

    /// <summary>
    /// Series whose sale-period parcels are 3 per pre-sale order, orders varying freely by year and
    /// series. The orders are dated before the cutoff (pre-sale counts known when the forecast is made);
    /// ordinary days before give every series a level, so the history-only path forecasts too.
    /// </summary>
    private static List<SeriesRow> Rows(bool withSignals)
    {
        var rng = new Random(11);
        var rows = new List<SeriesRow>();
        for (var s = 0; s < 20; s++)
        {
            var level = 100 + 50 * s;
            foreach (var day in new[] { Prev, Cur })
            {
                var orders = level * (1 + 4 * rng.NextDouble()); // per sale-period day
                for (var o = -70; o <= 5; o++)
                {
                    var date = day.AddDays(o);
                    long? presale = o is >= -40 and <= -12 ? (long)(orders * 16 / 29) : null;
                    var parcels = o >= -10 ? (long)(3 * orders * (0.95 + 0.1 * rng.NextDouble())) : (long)(level * (0.9 + 0.2 * rng.NextDouble()));
                    rows.Add(new SeriesRow($"S{s:00}", date, parcels, PresaleOrders: withSignals ? presale : null));
                }
            }
        }
        return rows;
    }

    private static BacktestReport Run(bool withSignals) => Backtester.Run(new BacktestRequest(
        Rows(withSignals), [Prev, Cur], Cur.AddDays(-11), Cur.AddDays(-10), Cur.AddDays(5)));

    [Fact]
    public void Signal_columns_beat_history_only_and_keep_P90_above_P50()
    {
        var signals = Run(withSignals: true);
        var history = Run(withSignals: false);
        Assert.True(signals.Wape < 0.5 * history.Wape, $"signals {signals.Wape:0.000} vs history {history.Wape:0.000}");
        Assert.True(signals.Wape < 0.1, $"{signals.Wape}");
        Assert.All(signals.Days, d => Assert.True(d.P90 >= d.P50));
        Assert.Equal(signals, Run(withSignals: true) with { Days = signals.Days });
        Assert.Equal(signals.Days, Run(withSignals: true).Days);
    }
}
