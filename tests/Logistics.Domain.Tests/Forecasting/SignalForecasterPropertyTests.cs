using CsCheck;
using Logistics.Domain.Forecasting;

namespace Logistics.Domain.Tests.Forecasting;

/// <summary>Issue 4's properties over many small generated worlds (seed, size, as-of date).</summary>
public sealed class SignalForecasterPropertyTests
{
    private static readonly Gen<(int Seed, int Merchants, int AsOf)> Worlds =
        Gen.Select(Gen.Int[1, 100_000], Gen.Int[3, 25], Gen.Int[0, 15]);

    [Fact]
    public void P90_is_never_below_P50_and_output_is_repeatable()
    {
        Worlds.Sample(w =>
        {
            var world = TinyScenario.Build(w.Seed, w.Merchants, w.AsOf);
            foreach (var withSignals in new[] { true, false })
            {
                var a = SignalForecaster.Forecast(world.Input(withSignals));
                var b = SignalForecaster.Forecast(world.Input(withSignals));
                if (!a.Days.SequenceEqual(b.Days)) return false;
                if (a.Days.Any(d => !(d.P90 >= d.P50) || d.P50 < 0 || double.IsNaN(d.P50))) return false;
                if (a.Handovers.Any(h => !(h.P90 >= h.P50) || h.P50 < 0)) return false;
            }
            return true;
        }, iter: 15);
    }

    [Fact]
    public void Doubling_every_signal_doubles_the_signal_driven_part()
    {
        Worlds.Sample(w =>
        {
            var world = TinyScenario.Build(w.Seed, w.Merchants, w.AsOf);
            var doubled = world.CurrentSignals.Select(s => s with { Carts = s.Carts * 2, Favorites = s.Favorites * 2, Deposits = s.Deposits * 2, PresaleOrders = s.PresaleOrders * 2 }).ToList();
            var a = SignalForecaster.Forecast(world.Input()).Days.Sum(d => d.SignalP50);
            var b = SignalForecaster.Forecast(world.Input() with { Signals = doubled }).Days.Sum(d => d.SignalP50);
            return a == 0 ? b == 0 : Math.Abs(b / a - 2) < 1e-6;
        }, iter: 15);
    }
}
