using Logistics.Domain.Campaigns;
using Logistics.Domain.Demand;
using Logistics.Domain.Forecasting;
using Logistics.Domain.Network;

namespace Logistics.Domain.Tests.Forecasting;

/// <summary>
/// A small hand-built world with a known truth, for the signal model's tests: merchants with an
/// ordinary level and per-category signal→parcel rates, a double-peak day shape, two carriers, an
/// hour profile, and Poisson-like noise. Deterministic by seed.
/// </summary>
public sealed class TinyScenario
{
    public required IReadOnlyList<PastCampaign> Past { get; init; }
    public required Campaign Current { get; init; }
    public required IReadOnlyList<SignalRow> CurrentSignals { get; init; }
    public required IReadOnlyList<OutcomeRow> CurrentOutcomes { get; init; }
    public required DateOnly AsOf { get; init; }

    public static readonly double[] CategoryRate = [1.0, 0.6, 1.5]; // parcels per (0.1 cart + 0.05 fav + 0.5 deposit + 1 presale order)

    public static Campaign CampaignOf(int year) => new(
        $"D11-{year}", $"Double 11 {year}", "Asia/Shanghai",
        [new DateOnly(year, 11, 1), new DateOnly(year, 11, 11)], new DateOnly(year, 10, 31), new DateOnly(year, 11, 13));

    private static readonly double[] DayShape = [0.5, 3, 1.6, 1.2, 1, 1, 1, 1, 1.2, 1.5, 2, 4, 2, 1.2]; // 10-31..11-13

    public static TinyScenario Build(int seed = 7, int merchants = 40, int asOfDaysBeforeSale = 5)
    {
        var rng = new Random(seed);
        var units = new List<(string M, string W, string R, int Cat, double Level, double Reach, bool Cold)>();
        for (var i = 0; i < merchants; i++)
        {
            var w = $"W{1 + i % 3}";
            units.Add(($"M{i:000}", w, $"R{1 + i % 4}", i % 3, 5 + rng.NextDouble() * 40, 50 + rng.NextDouble() * 400, false));
            if (i % 5 == 0) units.Add(($"M{i:000}", w, $"R{1 + (i + 1) % 4}", i % 3, 2 + rng.NextDouble() * 10, 20 + rng.NextDouble() * 100, false));
        }
        units.Add(("NEW1", "W1", "R1", 1, 20, 300, true)); // cold start: only in the current campaign, with an ordinary level nobody has seen

        var past = new List<PastCampaign>();
        (List<SignalRow> S, List<OutcomeRow> O) Year(int year, double growth, bool includeCold)
        {
            var c = CampaignOf(year);
            var signals = new List<SignalRow>();
            var outcomes = new List<OutcomeRow>();
            var first = c.SaleDays[0];
            foreach (var u in units)
            {
                if (u.Cold && !includeCold) continue;
                var reach = u.Reach * growth * (0.5 + rng.NextDouble()); // a merchant's campaign varies year to year: signals know how
                double carts = 0, favs = 0, deposits = 0, presale = 0;
                for (var d = -20; d <= 0; d++)
                {
                    var weight = (d + 21) / 231.0 * 2; // rising toward the sale, sums to 2 over 21 days
                    long C = Poisson(rng, reach * weight), F = Poisson(rng, reach * 0.6 * weight), D = Poisson(rng, reach * 0.05 * weight), P = Poisson(rng, reach * 0.03 * weight);
                    carts += C; favs += F; deposits += D; presale += P;
                    signals.Add(new SignalRow(c.Code, u.M, u.W, u.R, $"CAT{u.Cat}", first.AddDays(d), C * 20, C, F, D, P));
                }
                var signalParcels = CategoryRate[u.Cat] * (0.1 * carts + 0.05 * favs + 0.5 * deposits + presale);
                var level = u.Level * growth;
                for (var i = 0; i < DayShape.Length; i++)
                {
                    var date = c.HorizonStart.AddDays(i);
                    var mean = level * (date.DayOfWeek is DayOfWeek.Sunday ? 0.8 : 1.0) + signalParcels * DayShape[i] / DayShape.Sum();
                    var parcels = Poisson(rng, mean);
                    var viaA = (long)Math.Round(parcels * 0.7);
                    Split(outcomes, c.Code, u.M, u.W, "CA", u.R, date, viaA);
                    Split(outcomes, c.Code, u.M, u.W, "CB", u.R, date, parcels - viaA);
                }
            }
            return (signals, outcomes);
        }
        var y1 = Year(2023, 1.0, false);
        past.Add(new PastCampaign(CampaignOf(2023), y1.S, y1.O));
        var y2 = Year(2024, 1.1, false);
        past.Add(new PastCampaign(CampaignOf(2024), y2.S, y2.O));
        var y3 = Year(2025, 1.2, true);
        var current = CampaignOf(2025);
        var asOf = current.SaleDays[0].AddDays(-asOfDaysBeforeSale);
        return new TinyScenario { Past = past, Current = current, CurrentSignals = y3.S, CurrentOutcomes = y3.O, AsOf = asOf };
    }

    private static void Split(List<OutcomeRow> rows, string campaign, string m, string w, string carrier, string r, DateOnly date, long parcels)
    {
        // Handed over between 09:00 and 20:00, more in the afternoon.
        for (var h = 9; h <= 20; h++)
        {
            var share = (h >= 14 ? 2 : 1) / 18.0;
            var p = (long)Math.Round(parcels * share);
            if (p > 0) rows.Add(new OutcomeRow(campaign, m, w, carrier, r, date, h, p));
        }
    }

    private static long Poisson(Random rng, double mean)
    {
        if (mean <= 0) return 0;
        if (mean > 50) return Math.Max(0, (long)Math.Round(mean + Math.Sqrt(mean) * Normal(rng)));
        var l = Math.Exp(-mean);
        long k = 0;
        var p = 1.0;
        do { k++; p *= rng.NextDouble(); } while (p > l);
        return k - 1;
    }

    private static double Normal(Random rng) =>
        Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());

    /// <summary>Two carriers, a hub per carrier and warehouse (serving region R{n}), lanes from each warehouse.</summary>
    public static NetworkModel Network { get; } = NetworkModel.Empty with
    {
        Hubs = [.. from c in new[] { "CA", "CB" } from n in new[] { 1, 2, 3, 4 } select new Hub($"{c}-H{n}", $"{c} hub {n}", c, $"R{n}")],
        Lanes = [.. from c in new[] { "CA", "CB" } from n in new[] { 1, 2, 3 } select new Lane($"W{n}", $"{c}-H{n}", c, 20)],
    };

    public ForecastInput Input(bool withSignals = true) => new(Current, AsOf, withSignals ? CurrentSignals : [], Past, Network);
}
