using Logistics.Domain.Campaigns;
using Logistics.Domain.Network;

namespace Logistics.Scenarios;

/*
 * The generative model (everything keyed by seed; any merchant or campaign can be regenerated alone).
 *
 * Network: regions with a Zipf-like population; warehouses in regions with a log-normal size
 * (σ from the real warehouses' outbound capacities);
 * each carrier has hubs spread over regions; each warehouse is served by a few carriers, one lane
 * per carrier to that carrier's hub in (or nearest to) the warehouse's region.
 *
 * Merchant m (stable across campaigns): base daily orders B_m ~ LogNormal(ln 30, 1.1); 1-3
 * categories; 1-3 warehouses (bigger warehouses attract more merchants); 1-8 destination regions
 * (home region first and heaviest, larger shops reach more). A "line" is category × warehouse ×
 * region with weight w_l (weights sum to 1). Per merchant-warehouse: 1-3 contracted carriers with
 * shares, handover lag shares, and 1-4 pickup-wave hours drawn from the afternoon-heavy profile
 * shifted by ±2 h — the habits a forecaster must learn.
 * About 8% of merchants open after the oldest campaign and 5% are new in the current one (cold starts).
 *
 * Campaign c (index 0,1,2 = two years ago, last year, now): growth G = 1.1^c · LogNormal(0, 0.1),
 * promotion intensity P = LogNormal(-σ²/2, 0.5) per merchant, a campaign-wide mood Q ~ LogNormal(0, 0.15)
 * and a heat H per category (this year's hot and cold categories, mean 1, σ 0.25).
 * History cannot know P, Q or H; the pre-sale signals reveal them.
 *   Expected sale-driven orders of a line: E = B·G·P·Q·H_cat·w_l·Σ_k (L_k − 1)·W(d_k),
 *   with L the real 11.11-season lift and W the real weekday factor (ScenarioConstants).
 *   Signals are drawn so they "explain" E: carts ~ Poisson(E·s_cart / a_cat), favourites ~
 *   Poisson(E·s_fav / b_cat), deposits ~ Poisson(E·s_dep / 0.90), presale ~ Poisson(E·s_pre / 0.97),
 *   page views ~ carts / 0.059 (noise only). s_* is the merchant's mix; a_cat, b_cat the category's
 *   cart→buy and fav→buy rates (Taobao rates × U(0.7, 1.4), stable across campaigns).
 *   The signal-implied orders O = a·carts + b·favs + 0.90·deposits + 0.97·presale.
 *   True orders of a line on horizon day k (and on the 3 days before it, base only):
 *     Poisson( [B·G·w_l·W(d_k) + O_l·ε_m·ε_l·(L_k − 1)·W(d_k) / Σ_j (L_j − 1)·W(d_j)] · ε_mk·ε_lk·S_wk·S_ok·S_rk ),
 *   all ε mean-1 log-normal: ε_m (σ 0.15, the merchant's conversion this year), ε_l (σ 0.08),
 *   ε_mk (σ 0.08, the merchant's day), ε_lk (σ 0.05). S are day shocks shared by everyone there,
 *   log-normal and divided by their mean over the keys each day (DemandModel.DayShocks): the
 *   warehouse's own (σ 0.12), its region's (σ 0.16: the warehouse's day is σ 0.20 in all) and the
 *   destination region's (σ 0.15). Before the shocks, a forecaster that knows the true model and
 *   habits but estimates G from last year scored ≈ 0.11-0.12 WAPE at merchant-warehouse-day and ≈ 0.03
 *   at hub-day on the small scale (complete signals); `evaluate` reports the hub-day spread with them.
 *   History only (last year's handovers × 1.1, same horizon day) scores ≈ 0.36-0.41 and ≈ 0.09-0.18
 *   (seeds 42, 5, 9).
 *   Signals are spread over the 12 pre-sale days by a per-category ramp (stable across campaigns)
 *   with per-line day noise; the current campaign shows only days up to the as-of date.
 * Handover: orders of a day go to the carrier dock 0-3 days later by the merchant-warehouse's lag
 *   shares (on peak days 30% of it slips one more day: backlog), in its pickup-wave hours, split by
 *   its carrier shares; only handovers inside the 14-day horizon are outcomes.
 * Capacity: flat per node, sized from the current campaign's expected load (no noise): most nodes at
 *   1.25-1.8× their peak hour, about 8% of hubs and warehouses at 0.65-0.9×, so they overload on the
 *   peak handover days (Nov 2-4 and 12-14: the day after a sale day and its backlog) and rarely on an
 *   ordinary day, which carries less than half a peak day's load. Sort capacity covers origin load plus
 *   destination load (parcels arrive at the carrier's hub for the region after the lane's transit).
 */

/// <summary>Entry point: builds a deterministic Double 11 scenario from a seed.</summary>
public static class ScenarioGenerator
{
    public const int DefaultCurrentYear = 2026;
    public const string TimeZone = "Asia/Shanghai";

    /// <summary>Default as-of date: Oct 27 of the current year (8 of 12 pre-sale days known).</summary>
    public static DateOnly DefaultAsOf(int currentYear) => new(currentYear, 10, 27);

    public static Scenario Generate(ScenarioScale scale, ulong seed, DateOnly? asOf = null, int currentYear = DefaultCurrentYear) =>
        Generate(ScenarioSize.For(scale), seed, asOf, currentYear);

    public static Scenario Generate(ScenarioSize size, ulong seed, DateOnly? asOf = null, int currentYear = DefaultCurrentYear)
    {
        ArgumentNullException.ThrowIfNull(size);
        if (size.Merchants < 1 || size.Warehouses < 1 || size.Carriers < 1 || size.HubsPerCarrier < 1 || size.Regions < 1 || size.Categories < 1)
            throw new ArgumentException("Every count in a scenario size must be positive.", nameof(size));
        var campaigns = new[] { currentYear - 2, currentYear - 1, currentYear }.Select(MakeCampaign).ToArray();
        var world = ScenarioWorld.Build(size, seed);
        return new Scenario(size, seed, campaigns, asOf ?? DefaultAsOf(currentYear), world);
    }

    public static Campaign MakeCampaign(int year) => new(
        $"D11-{year}",
        $"Double 11 {year}",
        TimeZone,
        [new DateOnly(year, 11, 1), new DateOnly(year, 11, 11)],
        new DateOnly(year, 11, 1),
        new DateOnly(year, 11, 1).AddDays(ScenarioConstants.HorizonLift.Length - 1));
}
